import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatIysDateTime, type Clock } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, CLOCK } from '@iys/platform/nest';
import { RecipientAccounts } from '../../identity/recipient-accounts.js';
import { RequestErasureCommand } from './request-erasure.command.js';

export interface ErasureAccepted {
  requestedAt: string;
  /** The earliest moment it runs; later if a consent of the addresses moved since (retention counts from the last movement). */
  earliestExecution: string;
  addressCount: number;
}

/**
 * Records the request (`recipient.ErasureRequested`) at once; the data is crypto-shredded by the
 * erasure executor once the retention period allows (IYS_RECIPIENT_RETENTION_DAYS, docs/adr/0020).
 */
@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, ErasureAccepted> {
  constructor(
    @Inject(RecipientAccounts) private readonly accounts: RecipientAccounts,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal }: RequestErasureCommand): Promise<ErasureAccepted> {
    const [event] = await this.accounts.decide(
      principal.accountId,
      { type: 'RequestErasure', accountId: principal.accountId, now: this.clock.now().toISOString(), retentionDays: this.config.IYS_RECIPIENT_RETENTION_DAYS },
      principal.agentId
        ? { actorKind: 'call-centre-agent', actorId: principal.agentId, channel: 'call-centre' }
        : { actorKind: 'recipient', actorId: principal.accountId, channel: 'web' },
    );
    if (event?.type !== 'recipient.ErasureRequested') throw new Error('an erasure request recorded no event');
    return {
      requestedAt: formatIysDateTime(new Date(event.data.requestedAt)),
      earliestExecution: formatIysDateTime(new Date(event.data.earliestExecution)),
      addressCount: event.data.recipientIds.length,
    };
  }
}
