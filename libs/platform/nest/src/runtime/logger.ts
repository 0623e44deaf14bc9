import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/**
 * JSON logs through pino. Authorization headers and cookies are redacted; request bodies are never
 * logged, because they carry addresses.
 */
export function createLogger(level: string, name = 'iys'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
  });
}

/**
 * Nest's start-up chatter (a line per module and per route mapped): debug, so that at info a start is
 * a few lines a newcomer can read, the entry point's own "listening on …" among them.
 */
const FRAMEWORK_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Routes Nest's own log lines (bootstrap, routes, errors) into the same pino stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    this.write(typeof context === 'string' && FRAMEWORK_CHATTER.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) last; an object first argument is structured data.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (message !== null && typeof message === 'object') {
      const text = rest.find((item) => typeof item === 'string' && item !== context) as string | undefined;
      this.logger[level]({ context, ...(message as object) }, text ?? '');
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
