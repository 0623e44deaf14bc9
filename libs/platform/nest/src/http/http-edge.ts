import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IysHttpException, PLATFORM_ERROR_CODES, platformEnvelope, type PlatformErrorCode } from './iys-error.js';

/** The limits a client meets before any route runs (ADR 0024). */
export interface HttpEdgeLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections one client address may hold; 0 = no cap. */
  maxConnectionsPerClient: number;
}

/** An encoded (or raw) NUL anywhere in the request target. */
const NUL_IN_URL = /%00|\u0000/i;

/** Longest request target (path and query) answered; longer → 414 H637. */
export const MAX_URL_LENGTH = 8192;
/** Request line and headers together; larger → 431 H638 (Node's parser refuses them). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Deepest nesting of arrays and objects in a JSON body; deeper → 400 H014 before it is parsed. */
export const MAX_JSON_DEPTH = 64;
/** The one route that takes an HTML form body (OAuth2 clients send the token request as a form). */
export const FORM_ROUTES: ReadonlySet<string> = new Set(['/oauth2/token']);
/** Web pages' form routes (Fastify spelling, `/x/:id`), added when the app starts (docs/adr/0054). */
const WEB_FORM_ROUTES = new Set<string>();

/** True for a route that takes a form body (urlencoded, or multipart on web pages). */
export const acceptsFormBody = (route: string | undefined): boolean => FORM_ROUTES.has(route ?? '') || WEB_FORM_ROUTES.has(route ?? '');

/** Lets these routes take an HTML form body too (the web faces' POST routes). */
export function allowFormBodies(routes: Iterable<string>): void {
  for (const route of routes) WEB_FORM_ROUTES.add(route);
}

const REFUSED = Symbol('iys.refusedConnection');

/** Longest URL written to a request's log line; the rest is cut, so a crafted URL cannot flood the log. */
const LOGGED_URL_LENGTH = 200;

/** The `req` of request log lines: Fastify's fields, with the URL cut to {@link LOGGED_URL_LENGTH}. */
export function edgeRequestSerializer(request: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  const url = request.url ?? '';
  return {
    method: request.method,
    url: url.length > LOGGED_URL_LENGTH ? `${url.slice(0, LOGGED_URL_LENGTH)}…(${url.length})` : url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Fastify's server options for the edge: Node's own header/request/keep-alive timers and header
 * limit, with every refusal that happens below the router answered in the İYS envelope.
 */
export function edgeServerOptions(limits: HttpEdgeLimits) {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      // Node looks for expired requests on this interval (30 s by default), so short timeouts need a short one.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shortest / 4))),
    },
    clientErrorHandler,
    frameworkErrors,
  };
}

/**
 * Answers what Node's HTTP parser refuses — a request that is not complete in time (408 H636),
 * oversized headers (431 H638), malformed HTTP (400 H603) — without a stack in the log.
 */
function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: PlatformErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'H636' : error.code === 'HPE_HEADER_OVERFLOW' ? 'H638' : 'H603';
  this.log.info({ clientError: error.code, code }, 'client error');
  // A response already under way (a slow handler on this socket) cannot get a second status line.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawResponse(code));
  socket.destroy();
}

function rawResponse(code: PlatformErrorCode): string {
  const status = PLATFORM_ERROR_CODES[code].status;
  const body = platformEnvelope(code);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** The router's own refusals: an over-long path parameter (414) or a malformed URL (400), never echoing it. */
function frameworkErrors(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  sendPlatform(reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'H637' : 'H603');
}

function sendPlatform(reply: FastifyReply, code: PlatformErrorCode): FastifyReply {
  return reply.code(PLATFORM_ERROR_CODES[code].status).type('application/json; charset=utf-8').send(platformEnvelope(code));
}

/**
 * Hooks on the Fastify instance, installed before any route is registered: an over-long URL,
 * a compressed body and a known path called with another method are refused before routing
 * goes further; a connection over its address's cap is answered 429 and closed.
 */
export function installEdgeHooks(instance: FastifyInstance, limits: HttpEdgeLimits): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  instance.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.includes('*')) return; // static files and catch-alls answer every path
    for (const method of methods) if (method !== 'HEAD') routes.push({ pattern: routePattern(route.url), method });
  });
  instance.addHook('onRequest', async (request, reply) => {
    if ((request.raw.socket as { [REFUSED]?: boolean } | null)?.[REFUSED]) {
      void reply.header('connection', 'close');
      return sendPlatform(reply, 'H645');
    }
    if (request.url.length > MAX_URL_LENGTH) return sendPlatform(reply, 'H637');
    // A NUL byte belongs in no path or query value, and PostgreSQL cannot hold one in text.
    if (NUL_IN_URL.test(request.url)) return sendPlatform(reply, 'H603');
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && String(encoding).trim().toLowerCase() !== 'identity') return sendPlatform(reply, 'H644');
    if (request.is404) {
      const path = request.url.split('?')[0];
      const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        void reply.header('allow', allowed.join(', '));
        return sendPlatform(reply, 'H604');
      }
    }
    return undefined;
  });
  if (limits.maxConnectionsPerClient > 0) capConnectionsPerClient(instance.server, limits.maxConnectionsPerClient);
}

function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Counts the open connections of each client address (the TCP peer). One over the cap is marked:
 * its request is answered 429 H645 and the connection closed, so one client cannot hold them all.
 */
function capConnectionsPerClient(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      (socket as unknown as { [REFUSED]: boolean })[REFUSED] = true;
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** Whether a JSON text nests arrays/objects deeper than `max`, found by one scan before parsing. */
export function jsonDepthExceeds(body: Buffer | string, max: number): boolean {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

type Done = (error: Error | null, body?: unknown) => void;
type BodyParser = (request: FastifyRequest, body: Buffer, done: Done) => void;

/**
 * A JSON body read by a route's own scanner: what it returned, wrapped so that the route can tell it
 * from anything JSON.parse makes (no JSON text parses to an instance of this class).
 */
export class PreparsedBody<T> {
  constructor(readonly value: T) {}
}

/**
 * A body pipe for a route with a scanner: a body the scanner read is already the value the route
 * takes; any other goes through the route's own pipe (its validation, codes and locations).
 */
export class PreparsedBodyPipe implements PipeTransform<unknown, unknown> {
  constructor(private readonly generic: PipeTransform<unknown, unknown>) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return value instanceof PreparsedBody ? value.value : this.generic.transform(value, metadata);
  }
}

/** Reads a route's JSON body of one known shape; undefined for anything else (the generic path then reads it). */
export type BodyScanner<T> = (body: Buffer) => T | undefined;
const SCANNERS = new Map<string, BodyScanner<unknown>>();

/**
 * Gives a bulk route (Fastify spelling, `/x/:id/y`) its own scanner, tried on its JSON bodies before
 * the generic parser (docs/adr/0066). The scanner must take only bodies the generic path would accept
 * and read to the same value, and decline everything else, so that every refusal, its code and its
 * location stay the generic path's: it is a shortcut, never a second set of rules.
 */
export function scanJsonBodiesOf<T>(route: string, scanner: BodyScanner<T>): void {
  SCANNERS.set(route, scanner);
}

/** The JSON parser: depth checked first, then Fastify's own parser (prototype-poisoning checks kept). */
export function boundedJsonParser(instance: FastifyInstance): BodyParser {
  const parse = instance.getDefaultJsonParser('error', 'error') as unknown as BodyParser;
  return (request, body, done) => {
    const scanner = SCANNERS.get(request.routeOptions.url ?? '');
    if (scanner !== undefined) {
      let scanned: unknown;
      try {
        scanned = scanner(body);
      } catch {
        scanned = undefined; // a scanner's own fault: the generic path decides
      }
      if (scanned !== undefined) return done(null, new PreparsedBody(scanned));
    }
    // `Content-Type: application/json` and no body (curl -X POST -H …) is a request without a body:
    // a route whose body is optional takes its defaults, one that needs a body says what is missing.
    if (isBlank(body)) return done(null, undefined);
    if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) return done(IysHttpException.of('H014'));
    parse(request, body, done);
  };
}

function isBlank(body: string | Buffer): boolean {
  return (typeof body === 'string' ? body : body.toString('utf8')).trim() === '';
}

/** Form bodies only where a form is expected ({@link FORM_ROUTES}); elsewhere 415 H601 like any non-JSON body. */
export const formParser: BodyParser = (request, body, done) => {
  if (!acceptsFormBody(request.routeOptions.url)) return done(IysHttpException.of('H601'));
  const fields = new URLSearchParams(body.toString('utf8'));
  if (fields.has('__proto__') || fields.has('constructor')) return done(IysHttpException.of('H014'));
  done(null, Object.fromEntries(fields));
};
