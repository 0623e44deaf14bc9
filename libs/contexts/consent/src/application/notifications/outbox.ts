import type { SqlExecutor } from '@iys/platform/database';
import type { EncryptedValue } from '@iys/platform/pii';

/**
 * The consent context's transactional outbox (`consent.outbox`): a message to a recipient is
 * written in the same transaction as the fact that causes it (e.g. a verification process), so it
 * is sent if and only if that fact committed. `OutboxDispatcher` hands pending rows to the
 * `OUTBOX_ADAPTER` (a log-only adapter until the recipient context brings real SMS / call-centre
 * adapters) and marks them sent.
 *
 * Personal data never sits in clear here: the address is sealed under the recipient's data key
 * (PiiVault), `params` holds only non-personal template values, and secret template values (a
 * verification code) are sealed too, in `sealedParams`. An adapter decrypts both through the vault
 * at the last moment; after the recipient's erasure (crypto-shredding) they read as MASKED and the
 * adapter must drop the message.
 */
export type OutboxChannel = 'sms' | 'call';

export const OUTBOX_CHANNELS: readonly OutboxChannel[] = ['sms', 'call'];

/** NOTIFY channel on which a commit that enqueued a message wakes the dispatcher. */
export const OUTBOX_NOTIFY_CHANNEL = 'iys_consent_outbox';

/** Template values: numbers, strings, booleans — never an address or a code. */
export type OutboxParams = Record<string, string | number | boolean | null>;

export interface NewOutboxMessage {
  id: string;
  channel: OutboxChannel;
  /** Opaque id of the recipient (no personal data); names the data key of the sealed values. */
  recipientId: string;
  /** The address, sealed (PiiVault.encrypt). */
  recipient: EncryptedValue;
  /** Which text to send, e.g. `consent-verification.sms`. */
  template: string;
  params: OutboxParams;
  /** JSON of the secret template values, sealed under the recipient's key; null when there are none. */
  sealedParams: EncryptedValue | null;
  createdAt: Date;
}

/** A pending message as an adapter receives it. */
export interface OutboxMessage extends NewOutboxMessage {
  /** 1 on the first delivery attempt. */
  attempt: number;
}

/** Delivers one message (SMS gateway, call-centre queue…). Resolving means "handed over": the row is marked sent. */
export interface OutboxAdapter {
  deliver(message: OutboxMessage): Promise<void>;
}

export const OUTBOX_ADAPTER = Symbol('CONSENT_OUTBOX_ADAPTER');

/** Writes a message into the outbox inside the caller's transaction and wakes the dispatcher on commit. */
export async function enqueueOutboxMessage(tx: SqlExecutor, message: NewOutboxMessage): Promise<void> {
  if (!OUTBOX_CHANNELS.includes(message.channel)) throw new Error(`unknown outbox channel ${String(message.channel)}`);
  await tx.query(
    `INSERT INTO consent.outbox (id, channel, recipient_id, recipient, template, params, sealed_params, created_at, next_attempt_at)
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
  // Delivered only when the transaction commits; a rolled-back message never wakes anyone.
  await tx.query(`SELECT pg_notify('${OUTBOX_NOTIFY_CHANNEL}', $1)`, [message.id]);
}
