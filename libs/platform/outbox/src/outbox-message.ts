import type { SqlExecutor } from '@iys/platform/database';
import type { EncryptedValue } from '@iys/platform/pii';

/**
 * The registry's transactional outbox (`outbox.messages`, ADR 0018): a message to a person is
 * written in the same transaction as the fact that causes it (a verification process, a login, a
 * consent notice), so it is sent if and only if that fact committed. `OutboxDispatcher` renders and
 * hands pending rows to the channel's `MessageSender`.
 *
 * Personal data never sits in clear here: the address is sealed under the recipient's data key
 * (PiiVault), `params` holds only non-personal template values, and secret or personal template
 * values (a code, a link) are sealed too, in `sealedParams`. The dispatcher opens both at the last
 * moment; after the recipient's erasure (crypto-shredding) they read as MASKED and the message is
 * dropped, never sent.
 */
export type OutboxChannel = 'sms' | 'email' | 'call';

export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['sms', 'email', 'call'];

/** NOTIFY channel on which a commit that enqueued (or an administrator who retried) a message wakes the dispatcher. */
export const OUTBOX_NOTIFY_CHANNEL = 'iys_outbox';

/** Template values: numbers, strings, booleans — never an address, a code or a link. */
export type OutboxParams = Record<string, string | number | boolean | null>;

export interface NewOutboxMessage {
  /** uuid; also the idempotency key handed to gateways. */
  id: string;
  channel: OutboxChannel;
  /** Opaque id of the recipient (PiiVault); names the data key of the sealed values. */
  recipientId: string;
  /** The address, sealed (PiiVault.encrypt). */
  recipient: EncryptedValue;
  /** Which text to send, e.g. `consent-verification.sms`; registered with MessageTemplates. */
  template: string;
  /** Non-personal template values. */
  params: OutboxParams;
  /** JSON of the secret or personal template values (a code, a link), sealed under the recipient's key; null when there are none. */
  sealedParams: EncryptedValue | null;
  createdAt: Date;
}

/** Writes a message into the outbox inside the caller's transaction; the dispatcher is woken when it commits. */
export async function enqueueOutboxMessage(tx: SqlExecutor, message: NewOutboxMessage): Promise<void> {
  if (!OUTBOX_CHANNELS.includes(message.channel)) throw new Error(`unknown outbox channel ${String(message.channel)}`);
  await tx.query(
    `INSERT INTO outbox.messages (id, channel, recipient_id, recipient, template, params, sealed_params, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      message.id,
      message.channel,
      message.recipientId,
      JSON.stringify(message.recipient),
      message.template,
      JSON.stringify(message.params),
      message.sealedParams === null ? null : JSON.stringify(message.sealedParams),
      message.createdAt,
    ],
  );
  // NOTIFY is delivered only when the transaction commits: a rolled-back message wakes nobody.
  await tx.query(`SELECT pg_notify('${OUTBOX_NOTIFY_CHANNEL}', $1)`, [message.id]);
}
