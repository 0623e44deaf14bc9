import { Injectable, Logger } from '@nestjs/common';
import type { OutboxAdapter, OutboxMessage } from './outbox.js';

/**
 * The stand-in adapter until the recipient context provides real SMS and call-centre adapters:
 * "delivers" by logging which message went out on which channel with which template. It logs
 * neither the address nor any template value (the code) and never decrypts anything.
 */
@Injectable()
export class LogOutboxAdapter implements OutboxAdapter {
  private readonly logger = new Logger('consent-outbox');

  async deliver(message: OutboxMessage): Promise<void> {
    this.logger.log({ outboxId: message.id, channel: message.channel, template: message.template }, 'outbox message delivered (log adapter)');
  }
}
