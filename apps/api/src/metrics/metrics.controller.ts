import { timingSafeEqual, createHash } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, IysHttpException, Public } from '@iys/platform/nest';
import { RegistryMetrics } from './registry-metrics.js';

/**
 * `GET /metrics` in Prometheus' text format. Not an İYS route and not for API users: it takes
 * `Authorization: Bearer <IYS_METRICS_TOKEN>` (required in production), not a session token.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(RegistryMetrics) private readonly metrics: RegistryMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.config.IYS_METRICS_TOKEN;
    if (token !== undefined && !sameSecret(bearer(authorization), token)) throw IysHttpException.of('H605');
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.scrape();
  }
}

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/** Compared by digest, so neither the length nor a prefix of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
