import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@iys/platform/building-blocks';
import { isDatabaseUnavailable } from '@iys/platform/database';
import { IysHttpException, PLATFORM_ERROR_CODES, type IysErrorItem, type PlatformErrorCode } from './iys-error.js';
import { isIysCodeRegistered, iysCodeEntry } from './validation/iys-codes.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  cause?: FastifyLikeError;
}

const FASTIFY_CODES: Record<string, PlatformErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'H014',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'H014',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'H601',
  FST_ERR_CTP_BODY_TOO_LARGE: 'H602',
};

const STATUS_CODES: Record<number, PlatformErrorCode> = {
  401: 'H351',
  404: 'H600',
  405: 'H604',
  408: 'H636',
  413: 'H602',
  414: 'H637',
  415: 'H601',
  429: 'H124',
  431: 'H638',
};

/**
 * Every error leaves as `{"errors":[{code,message,location?,value?}]}` with İYS's status, so a
 * client written for the real registry parses it unchanged. Unexpected errors become H015 without
 * internals; only their name and code are logged, never a payload (it may hold personal data).
 */
@Catch()
export class IysExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, errors, raw } = this.toEnvelope(exception);
    if (status === 503) void reply.header('retry-after', '5');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(raw ?? { errors });
  }

  /** The status and İYS error items of any error (web pages render the same codes, docs/adr/0054). */
  toEnvelope(exception: unknown): { status: number; errors: IysErrorItem[]; raw?: object } {
    if (exception instanceof IysHttpException) return { status: exception.status, errors: exception.errors };
    if (exception instanceof DomainError) {
      // The code table gives each rule its İYS status; an unregistered code is a plain 400.
      const status = isIysCodeRegistered(exception.code) ? iysCodeEntry(exception.code).status : 400;
      const item: IysErrorItem = { code: exception.code, message: exception.message };
      if (exception.location.length > 0) item.location = exception.location;
      return { status, errors: [item] };
    }
    // Nest wraps Fastify's parser errors in an HttpException; the original is its cause.
    const fastifyCode = (exception as FastifyLikeError)?.code ?? (exception as FastifyLikeError)?.cause?.code;
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) return platform(FASTIFY_CODES[fastifyCode]);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      // Terminus's 503 carries the per-check report an operator needs: it passes through as is.
      if (status === 503 && typeof body === 'object' && body !== null && 'details' in body) {
        return { status, errors: [], raw: body };
      }
      const code = STATUS_CODES[status] ?? (status < 500 ? 'H603' : 'H015');
      return { status, errors: [{ code, message: PLATFORM_ERROR_CODES[code].message }] };
    }
    const statusCode = (exception as FastifyLikeError)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const code = STATUS_CODES[statusCode] ?? 'H603';
      return { status: statusCode, errors: [{ code, message: PLATFORM_ERROR_CODES[code].message }] };
    }
    const error = exception as { name?: string; code?: string };
    // The database is down or restarting: the client may retry; nothing here is a bug (ADR 0026).
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: { name: error?.name, code: error?.code } }, 'database unavailable');
      return platform('H652');
    }
    this.logger.error({ err: { name: error?.name, code: error?.code } }, 'unexpected error');
    return platform('H015');
  }
}

function platform(code: PlatformErrorCode): { status: number; errors: IysErrorItem[] } {
  const entry = PLATFORM_ERROR_CODES[code];
  return { status: entry.status, errors: [{ code, message: entry.message }] };
}
