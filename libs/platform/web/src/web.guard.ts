import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, csrfTokenMatches, readCookie } from './security.js';
import { webError } from './web.errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A form field as the urlencoded parser ({name: value}) or the multipart parser ({name: {value}}) gives it. */
function fieldValue(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const raw = (body as Record<string, unknown>)[name];
  if (typeof raw === 'object' && raw !== null && 'value' in raw) return (raw as { value: unknown }).value;
  return raw;
}

/**
 * CSRF protection of every web route that changes something (every method but GET/HEAD): the
 * `_csrf` field (or `x-csrf-token` header) must be the HMAC of the browser's CSRF cookie under the
 * server's signing key. Otherwise 403 H800. Applied by @WebController to every web controller.
 */
@Injectable()
export class WebCsrfGuard implements CanActivate {
  constructor(@Inject(TOKEN_SIGNING_KEY) private readonly key: Buffer) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    const secret = readCookie(request.headers.cookie, CSRF_COOKIE);
    const header = request.headers[CSRF_HEADER];
    const token = typeof header === 'string' ? header : fieldValue(request.body, CSRF_FIELD);
    if (!csrfTokenMatches(this.key, secret, token)) throw webError('H800');
    return true;
  }
}
