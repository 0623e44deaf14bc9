import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryError, PermanentDeliveryError, type MessageSender, type OutgoingMessage } from '../message-sender.js';

export interface SmtpEmailOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://user:pass@host:465` (TLS from the start). */
  url: string;
  /** The From header, `İYS <noreply@iys.example>` or `noreply@iys.example`; its domain names the Message-ID. */
  from: string;
}

/** Each wait of one delivery is bounded, so a hung relay cannot outlive the dispatcher's lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };

/** The domain of the From address: `İYS <noreply@iys.example>` → `iys.example`. */
export function mailDomainOf(from: string): string | undefined {
  return /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\s*$/.exec(from.trim())?.[1]?.toLowerCase();
}

/**
 * Sends e-mail through an SMTP relay (IYS_SMTP_URL, IYS_MAIL_FROM) with nodemailer, which speaks
 * STARTTLS, implicit TLS and AUTH.
 *
 * Idempotency: every copy of a row carries `Message-ID: <row id@mail domain>`. SMTP has no
 * idempotency key, but a relay, a mailbox or a client that sees the same Message-ID twice may treat
 * the second as a duplicate, and the two copies are recognisably one message.
 *
 * A reply the server marks permanent (5xx except 503, e.g. 550 no such mailbox) is a
 * PermanentDeliveryError, except an authentication failure, which is our configuration rather than
 * the message and is retried until it is fixed. The error keeps the nodemailer code and the reply
 * code, never the server's text (it quotes the address).
 */
export class SmtpEmailSender implements MessageSender {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly options: SmtpEmailOptions) {
    const domain = mailDomainOf(options.from);
    if (!domain) throw new Error('IYS_MAIL_FROM must be an e-mail address with a domain');
    this.domain = domain;
    this.transport = createTransport({ url: options.url, ...SMTP_TIMEOUTS });
  }

  async send(message: OutgoingMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        messageId: `<${message.id}@${this.domain}>`,
      });
    } catch (error) {
      const { code, responseCode, permanent } = error as { code?: string; responseCode?: number; permanent?: boolean };
      const details = { code, status: responseCode };
      if (permanent === true && code !== 'EAUTH') throw new PermanentDeliveryError('the mail server refused the message', details);
      throw new DeliveryError('the mail server did not take the message', details);
    }
  }

  close(): void {
    this.transport.close();
  }
}
