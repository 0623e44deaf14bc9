import { Inject, Injectable } from '@nestjs/common';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { ConcurrencyError, decideAndAppend, PostgresEventStore, streamId } from '@iys/platform/event-store';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import type { EncryptedValue } from '@iys/platform/pii';
import { recipientAccountDecider, type RecipientAccountCommand } from '../../domain/recipient-account.decider.js';
import type { AddressKind, RecipientAccountEvent, VerificationChannel } from '../../domain/recipient-account.events.js';
import type { ProvenAddress } from './sign-in-codes.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../recipient-records.port.js';

export const accountStream = (accountId: string) => streamId('recipientAccount', accountId);

export interface AccountAddress {
  recipientId: string;
  addressKind: AddressKind;
  address: EncryptedValue;
  verifiedAt: Date;
}

/** Recipient accounts: who holds which verified address (the `recipient.account_addresses` read model). */
@Injectable()
export class RecipientAccounts {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  holderOf(recipientId: string): Promise<string | undefined> {
    return this.records.holderOf(recipientId);
  }

  addressesOf(accountId: string): Promise<AccountAddress[]> {
    return this.records.addressesOf(accountId);
  }

  /**
   * Records that `accountId` (a new account when undefined: the address's holder, or a fresh one)
   * proved control of the address; an account that held it before releases it in the same append.
   * Returns the account id.
   */
  async verify(proven: ProvenAddress, via: VerificationChannel, accountId?: string): Promise<string> {
    // The holder comes from the read model, outside the decision: on a conflict it is read again
    // and the whole choice is made anew.
    for (let attempt = 0; ; attempt++) {
      const previous = await this.holderOf(proven.recipientId);
      const target = accountId ?? previous ?? this.ids.next().toLowerCase();
      const now = this.clock.now().toISOString();
      const commands: [string, RecipientAccountCommand][] = [
        [target, { type: 'VerifyAddress', accountId: target, recipientId: proven.recipientId, addressKind: proven.addressKind, address: proven.address, via, now }],
      ];
      if (previous !== undefined && previous !== target) {
        commands.unshift([previous, { type: 'ReleaseAddress', accountId: previous, recipientId: proven.recipientId, now }]);
      }
      try {
        await this.decideAll(commands, { actorKind: 'recipient', actorId: target, channel: via }, 0);
        return target;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 3) throw error;
      }
    }
  }

  async decide(accountId: string, command: RecipientAccountCommand, metadata: AccountMetadata): Promise<RecipientAccountEvent[]> {
    return this.decideAll([[accountId, command]], metadata);
  }

  private async decideAll(commands: [string, RecipientAccountCommand][], metadata: AccountMetadata, maxRetries?: number): Promise<RecipientAccountEvent[]> {
    const outcomes = await decideAndAppend(
      this.store,
      commands.map(([id, command]) => ({ streamId: accountStream(id), decider: recipientAccountDecider, command, metadata })),
      { atomic: true, maxRetries },
    );
    return outcomes.flatMap((outcome) => (outcome.ok ? (outcome.events as RecipientAccountEvent[]) : []));
  }
}

type AccountMetadata = { actorKind: 'recipient' | 'call-centre-agent' | 'system'; actorId: string; channel: string };
