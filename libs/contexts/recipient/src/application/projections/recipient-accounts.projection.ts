import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition } from '@iys/platform/event-store';
import { RECIPIENT_ACCOUNT_EVENT_TYPES, type RecipientAccountEvent } from '../../domain/recipient-account.events.js';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

/**
 * Which account holds which verified address: what every recipient query is scoped by. Inline, so a
 * sign-in sees its address at once. An address moves to the account that verified it last. Also the
 * erasure requests (`recipient.erasures`) the executor works through.
 */
export const recipientAccountsProjection: ProjectionDefinition = {
  name: 'recipient.accounts',
  version: 1,
  inline: true,
  categories: ['recipientAccount', 'recipient'],
  eventTypes: [...RECIPIENT_ACCOUNT_EVENT_TYPES, RECIPIENT_DATA_ERASED],
  async handle(events, tx: SqlExecutor) {
    for (const recorded of events) {
      if (recorded.type === RECIPIENT_DATA_ERASED) {
        await tx.query('DELETE FROM recipient.account_addresses WHERE recipient_id = $1', [recorded.data.recipientId]);
        continue;
      }
      const event = toDomainEvent<RecipientAccountEvent>(recorded);
      if (event.type === 'recipient.AddressVerified') {
        await tx.query(
          `INSERT INTO recipient.account_addresses (recipient_id, account_id, address_kind, address, verified_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (recipient_id) DO UPDATE SET account_id = EXCLUDED.account_id, address_kind = EXCLUDED.address_kind,
             address = EXCLUDED.address, verified_at = EXCLUDED.verified_at
           WHERE recipient.account_addresses.verified_at <= EXCLUDED.verified_at`,
          [event.data.recipientId, event.data.accountId, event.data.addressKind, JSON.stringify(event.data.address), event.data.verifiedAt],
        );
      } else if (event.type === 'recipient.ErasureRequested') {
        await tx.query(
          `INSERT INTO recipient.erasures (recipient_id, account_id, requested_at, not_before)
           SELECT unnest($1::uuid[]), $2, $3, $4
           ON CONFLICT (recipient_id) DO UPDATE SET account_id = EXCLUDED.account_id, requested_at = EXCLUDED.requested_at,
             not_before = EXCLUDED.not_before, executed_at = NULL, outcome = NULL
           WHERE recipient.erasures.outcome IS DISTINCT FROM 'erased'`,
          [event.data.recipientIds, event.data.accountId, event.data.requestedAt, event.data.earliestExecution],
        );
      } else if (event.type === 'recipient.AddressReleased') {
        await tx.query('DELETE FROM recipient.account_addresses WHERE recipient_id = $1 AND account_id = $2', [event.data.recipientId, event.data.accountId]);
      }
    }
  },
  async reset(tx) {
    // Carried-out erasures are kept: their addresses are shredded and must not be taken up again.
    await tx.query('TRUNCATE recipient.account_addresses');
    await tx.query(`DELETE FROM recipient.erasures WHERE outcome IS DISTINCT FROM 'erased'`);
  },
};
