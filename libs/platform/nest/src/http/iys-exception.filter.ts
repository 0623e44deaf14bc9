import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@iys/platform/building-blocks';
import { IysHttpException, PLATFORM_ERROR_CODES, type IysErrorItem, type PlatformErrorCode } from './iys-error.js';

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

const STATUS_CODES: Record<number, PlatformErrorCode> = { 401: 'H351', 404: 'H600', 405: 'H604', 413: 'H602', 415: 'H601', 429: 'H124' };

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
    const { status, errors } = this.toEnvelope(exception);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ errors });
  }

  private toEnvelope(exception: unknown): { status: number; errors: IysErrorItem[] } {
    if (exception instanceof IysHttpException) return { status: exception.status, errors: exception.errors };
    if (exception instanceof DomainError) {
      return { status: 400, errors: [{ code: exception.code, message: exception.message, location: exception.location }] };
    }
    // Nest wraps Fastify's parser errors in an HttpException; the original is its cause.
    const fastifyCode = (exception as FastifyLikeError)?.code ?? (exception as FastifyLikeError)?.cause?.code;
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) return platform(FASTIFY_CODES[fastifyCode]);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? (status < 500 ? 'H603' : 'H015');
      return { status, errors: [{ code, message: PLATFORM_ERROR_CODES[code].message }] };
    }
    const statusCode = (exception as FastifyLikeError)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const code = STATUS_CODES[statusCode] ?? 'H603';
      return { status: statusCode, errors: [{ code, message: PLATFORM_ERROR_CODES[code].message }] };
    }
    const error = exception as { name?: string; code?: string };
    this.logger.error({ err: { name: error?.name, code: error?.code } }, 'unexpected error');
    return platform('H015');
  }
}

function platform(code: PlatformErrorCode): { status: number; errors: IysErrorItem[] } {
  const entry = PLATFORM_ERROR_CODES[code];
  return { status: entry.status, errors: [{ code, message: entry.message }] };
}
