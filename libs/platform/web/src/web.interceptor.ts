import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { TOKEN_SIGNING_KEY, WEB_FACE_METADATA } from '@iys/platform/nest';
import type { FaceName } from './faces.js';
import { WebContent, WebDownload, WebPage, WebRedirect } from './responses.js';
import { safeLocalPath } from './security.js';
import { applyWebHeaders, webRequestInfo } from './web-request.js';

/**
 * Turns a web handler's result into the answer: a page (text/html), a 303 redirect, or a download
 * (attachment); adds the security headers and the pending cookies. A handler returning anything
 * else is a programming error.
 */
@Injectable()
export class WebInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TOKEN_SIGNING_KEY) private readonly key: Buffer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const face = this.reflector.getAllAndOverride<FaceName>(WEB_FACE_METADATA, [context.getHandler(), context.getClass()]);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const info = webRequestInfo(request, face, this.key);
    return next.handle().pipe(
      map((result: unknown) => {
        applyWebHeaders(reply, info);
        if (result instanceof WebPage) {
          void reply.status(result.status).header('content-type', 'text/html; charset=utf-8');
          return result.document.value;
        }
        if (result instanceof WebRedirect) {
          void reply.status(303).header('location', safeLocalPath(result.location));
          return '';
        }
        if (result instanceof WebDownload) {
          const filename = result.filename.replace(/[^A-Za-z0-9._-]/g, '_');
          void reply.status(200).header('content-type', result.contentType).header('content-disposition', `attachment; filename="${filename}"`);
          return result.body;
        }
        if (result instanceof WebContent) {
          void reply.status(200).header('content-type', result.contentType).header('cache-control', `public, max-age=${result.cacheSeconds}, immutable`);
          return result.body;
        }
        throw new Error('a web handler must return a WebPage, WebRedirect, WebDownload or WebContent');
      }),
    );
  }
}
