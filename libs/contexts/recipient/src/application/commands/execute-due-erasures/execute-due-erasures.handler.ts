import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConsentContracts } from '@iys/contracts';
import type { Clock } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { PostgresEventStore } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK } from '@iys/platform/nest';
import { eraseSubject, PiiVault } from '@iys/platform/pii';
import { ExecuteDueErasuresCommand } from './execute-due-erasures.command.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../../recipient-records.port.js';

const DAY_MS = 86_400_000;

export interface ErasureRun {
  erased: number;
  postponed: number;
  /** The address had moved to another account (a recycled number): its new holder's data is not the requester's to erase. */
  withdrawn: number;
}

/**
 * For each address whose erasure is due: if one of its consents moved within the retention period
 * (the records of a consent must be kept that long after its last change), the erasure is postponed
 * to the end of that period; otherwise the address is crypto-shredded (`eraseSubject`: the data key
 * destroyed, the `recipient.RecipientDataErased` tombstone appended, every read model drops its rows).
 * An address that another account has proven since the request (numbers are recycled) is not
 * erased: the request is withdrawn, as the data now concerns its new holder. Idempotent: a crash
 * between the two steps is repaired by the next run.
 */
@CommandHandler(ExecuteDueErasuresCommand)
export class ExecuteDueErasuresHandler implements ICommandHandler<ExecuteDueErasuresCommand, ErasureRun> {
  constructor(
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ConsentContracts.RECIPIENT_CONSENTS) private readonly consents: ConsentContracts.RecipientConsentsPort,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<ErasureRun> {
    const now = this.clock.now();
    const due = await this.records.dueErasures(now);
    const run: ErasureRun = { erased: 0, postponed: 0, withdrawn: 0 };
    for (const { recipientId, requestedByHolder } of due) {
      if (!requestedByHolder) {
        await this.records.closeErasure(recipientId, 'withdrawn', now);
        run.withdrawn += 1;
        continue;
      }
      const consents = await this.consents.consentsOf([recipientId]);
      const lastMovement = Math.max(0, ...consents.map((c) => Date.parse(c.creationDate)));
      const keepUntil = lastMovement + this.config.IYS_RECIPIENT_RETENTION_DAYS * DAY_MS;
      if (keepUntil > now.getTime()) {
        await this.records.postponeErasure(recipientId, new Date(keepUntil));
        run.postponed += 1;
        continue;
      }
      await eraseSubject({ vault: this.vault, store: this.store }, recipientId, 'recipient-request');
      await this.records.closeErasure(recipientId, 'erased', now);
      run.erased += 1;
    }
    return run;
  }
}
