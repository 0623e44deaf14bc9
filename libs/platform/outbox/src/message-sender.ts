import type { OutboxChannel } from './outbox-message.js';

/** A rendered message as a sender receives it: the address and text in clear, for this call only. */
export interface OutgoingMessage {
  /** The outbox row's id: the idempotency key. The same id may arrive again after a crash or a failure. */
  id: string;
  channel: OutboxChannel;
  /** The vault's opaque id of the address (the row's `recipient_id`): what a record may keep instead of the address. */
  recipientId: string;
  /** The address (E.164 phone number or e-mail address). Never log it. */
  to: string;
  subject?: string;
  text: string;
  template: string;
  /** 1 on the first delivery attempt. */
  attempt: number;
}

/**
 * Delivers one channel's messages (SMS gateway, SMTP relay, call-centre queue). Resolving means
 * "handed over": the row is marked sent. Delivery is at least once, so a sender must make a repeated
 * `id` harmless (idempotency key, Message-ID, or ignoring an id already handed over).
 *
 * Throw PermanentDeliveryError when retrying cannot help (the gateway refused the message), any
 * other error to be retried with back-off. Errors must not carry the address or the text in a
 * field other than `message`: only `name`, `code` and `status` are ever logged or stored.
 */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

export const SMS_SENDER = Symbol('OUTBOX_SMS_SENDER');
export const EMAIL_SENDER = Symbol('OUTBOX_EMAIL_SENDER');
export const CALL_SENDER = Symbol('OUTBOX_CALL_SENDER');

/** The sender of each channel, as the dispatcher looks them up. */
export type OutboxSenders = Record<OutboxChannel, MessageSender>;

export interface DeliveryErrorDetails {
  /** A short machine code: `ECONNREFUSED`, `EENVELOPE`, `TimeoutError`… */
  code?: string;
  /** The gateway's HTTP status or the SMTP reply code. */
  status?: number;
  cause?: unknown;
}

/** A failed hand-over that may succeed later (gateway down, 5xx, 429, timeout): retried with back-off. */
export class DeliveryError extends Error {
  readonly code?: string;
  readonly status?: number;

  constructor(message: string, details: DeliveryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DeliveryError';
    this.code = details.code;
    this.status = details.status;
  }
}

/** The sender says retrying will not help (e.g. the gateway answered 400): the row becomes a dead letter at once. */
export class PermanentDeliveryError extends DeliveryError {
  constructor(message = 'the gateway refused the message', details: DeliveryErrorDetails = {}) {
    super(message, details);
    this.name = 'PermanentDeliveryError';
  }
}

const SAFE_TOKEN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export interface SafeErrorFields {
  name: string;
  code?: string;
  status?: number;
}

/**
 * What may be logged or stored about a failure: its name, code and status (or SMTP `responseCode`),
 * each only when it has the shape of an identifier or an integer. Never the message, which could
 * quote an address or a text.
 */
export function safeErrorFields(error: unknown): SafeErrorFields {
  const { name, code, status, responseCode } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const fields: SafeErrorFields = { name: typeof name === 'string' && SAFE_TOKEN.test(name) ? name : 'Error' };
  if (typeof code === 'string' && SAFE_TOKEN.test(code)) fields.code = code;
  const numeric = typeof status === 'number' ? status : responseCode;
  if (typeof numeric === 'number' && Number.isInteger(numeric)) fields.status = numeric;
  return fields;
}

/** The same as one line for `last_error`: `PermanentDeliveryError status=400`, `DeliveryError code=ECONNREFUSED`. */
export function safeErrorLabel(error: unknown): string {
  const { name, code, status } = safeErrorFields(error);
  return [name, code === undefined ? '' : `code=${code}`, status === undefined ? '' : `status=${status}`].filter(Boolean).join(' ');
}
