import { DeliveryError, PermanentDeliveryError, type MessageSender, type OutgoingMessage } from '../message-sender.js';

export interface HttpGatewayOptions {
  /** The gateway's endpoint, e.g. `https://sms.example.com/v1/messages`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Default 10 s: the dispatcher's lease is far longer, so a slow gateway never lets a second dispatcher send the row too. */
  timeoutMs?: number;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export const HTTP_GATEWAY_TIMEOUT_MS = 10_000;

/**
 * Hands a message to an HTTP gateway: an SMS provider (IYS_SMS_GATEWAY_URL) or the call centre's
 * queue (IYS_CALL_GATEWAY_URL), which take the same request:
 *
 *   POST <url>   Content-Type: application/json   Idempotency-Key: <message id>
 *   { "messageId": "<id>", "to": "+905…", "text": "…" }
 *
 * 2xx: handed over. 4xx other than 408 and 429: the gateway refused this message, retrying will not
 * help (PermanentDeliveryError). 408, 429, 5xx, a timeout or a network failure: DeliveryError,
 * retried with back-off under the same Idempotency-Key, so a gateway that honours it never sends
 * one message twice. Errors carry the HTTP status or the network error's code, never the address,
 * the text or the response body.
 */
export class HttpGatewaySender implements MessageSender {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpGatewayOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? HTTP_GATEWAY_TIMEOUT_MS;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.id };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ messageId: message.id, to: message.to, text: message.text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError('the gateway could not be reached', { code: networkCode(error) });
    }
    // The body is not read (it could echo the address); cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return;
    const details = { status: response.status };
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new PermanentDeliveryError('the gateway refused the message', details);
    }
    throw new DeliveryError('the gateway failed to take the message', details);
  }
}

/** `TimeoutError`, `ECONNREFUSED`, `ENOTFOUND`…: fetch wraps the socket's error in `cause`. */
function networkCode(error: unknown): string {
  const { name, cause } = error as { name?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'TimeoutError';
  return typeof cause?.code === 'string' ? cause.code : 'NetworkError';
}
