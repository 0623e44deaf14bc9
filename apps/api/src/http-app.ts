import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  boundedJsonParser,
  edgeRequestSerializer,
  edgeServerOptions,
  formParser,
  installEdgeHooks,
  IysExceptionFilter,
  allowFormBodies,
  PinoNestLogger,
  type HttpEdgeLimits,
  type PlatformRuntime,
} from '@iys/platform/nest';
import { webMultipartParser, webRoutesOf } from '@iys/platform/web';
import { AppModule } from './app.module.js';
import { RegistryMetrics } from './metrics/registry-metrics.js';
import { REGISTRY_VERSION } from './version.js';
import { completeDocument } from './openapi/complete-document.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BODY_LIMIT = 5 * 1024 * 1024;
const DOCUMENTS = new WeakMap<NestFastifyApplication, OpenAPIObject>();

/** Sees every answer as it leaves (the e2e suite checks each body against the OpenAPI document). */
export type ResponseObserver = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => void;

/** The OpenAPI document the application serves at /docs/openapi.json. */
export function openApiDocumentOf(app: NestFastifyApplication): OpenAPIObject {
  const document = DOCUMENTS.get(app);
  if (!document) throw new Error('not an application made by createHttpApp');
  return document;
}

/**
 * The HTTP application, configured the same way for `npm start` and the e2e tests: Fastify with
 * pino request logs and a request id, the İYS error envelope, and the OpenAPI document at /docs.
 */
export async function createHttpApp(runtime: PlatformRuntime, { observeResponses }: { observeResponses?: ResponseObserver } = {}): Promise<NestFastifyApplication> {
  const { config } = runtime;
  const limits: HttpEdgeLimits = {
    headersTimeoutMs: config.IYS_HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.IYS_HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.IYS_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnectionsPerClient: config.IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT,
  };
  const adapter = new FastifyAdapter({
    // Timeouts, header limit and the answers below the router, all in the İYS envelope (ADR 0024).
    ...edgeServerOptions(limits),
    loggerInstance: runtime.logger.child({}, { serializers: { req: edgeRequestSerializer } }),
    // A caller's x-request-id is kept when it is a plain token, so logs line up across systems.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
  });
  // The registry speaks JSON (a form only on /oauth2/token): any other body type is refused with 415 (H601).
  adapter.getInstance().removeContentTypeParser('text/plain');
  installEdgeHooks(adapter.getInstance(), limits);
  // Except the operator gate's scrub lists (docs/adr/0034): CSV or JSON lines of up to 1 000 000 recipients.
  adapter.getInstance().addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/jsonl'], { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (observeResponses) {
    adapter.getInstance().addHook('onSend', async (request, reply, payload) => {
      observeResponses(request, reply, payload);
    });
  }
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(runtime), adapter, {
    logger: new PinoNestLogger(runtime.logger),
    abortOnError: false,
    // Webhooks are signed over their exact bytes (the inbound-SMS gateway's HMAC).
    rawBody: true,
  });
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, boundedJsonParser(adapter.getInstance()));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: BODY_LIMIT }, formParser);
  // Web forms with a file (a complaint's screenshot): on web form routes only (docs/adr/0054).
  adapter.getInstance().addContentTypeParser('multipart/form-data', { bodyLimit: BODY_LIMIT + 64 * 1024 }, webMultipartParser);
  app.useGlobalFilters(new IysExceptionFilter());
  app.get(RegistryMetrics).instrument(adapter.getInstance());
  // No enableShutdownHooks(): the entry point's ProcessLifecycle owns the signals and closes in order.

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('İYS — İleti Yönetim Sistemi (open registry)')
      .setDescription(
        'Open re-implementation of the Turkish national consent registry. Wire-compatible with api.iys.org.tr: ' +
          'paths, field names, enum values, `YYYY-MM-DD HH:mm:ss` Europe/Istanbul dates and the `{"errors":[…]}` envelope.',
      )
      .setVersion(REGISTRY_VERSION)
      .addBearerAuth()
      .build(),
  );
  completeDocument(document);
  DOCUMENTS.set(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  // The web pages' forms post urlencoded bodies; the API's routes keep refusing them (415).
  allowFormBodies(webRoutesOf(app).filter((route) => route.method !== 'GET').map((route) => route.route));
  return app;
}

/** Listens, turning a taken port into a sentence that says which one and what to do. */
export async function listenOrExplain(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Cannot listen on ${host}:${port}: the port is already in use (set PORT to a free port).`);
    }
    throw error;
  }
}
