import { Injectable, Logger, type LoggerService } from '@nestjs/common';

/**
 * Terminus logs a failed check at error level. A check that is down is the probe's answer (503 with
 * the failing check named), not a fault of this process, so it is a warning here.
 */
@Injectable()
export class HealthCheckLogger implements LoggerService {
  private readonly logger = new Logger('health');

  log(message: unknown): void {
    this.logger.log(message);
  }
  error(message: unknown): void {
    this.logger.warn(message);
  }
  warn(message: unknown): void {
    this.logger.warn(message);
  }
}
