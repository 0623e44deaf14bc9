import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { derivePurposeKey, type Clock } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, CLOCK, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { recipientError } from '../../domain/recipient.errors.js';

/** A signed request older or newer than this is refused (replays of captured requests). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The inbound-SMS gateway signs each call: `X-IYS-Timestamp: <unix seconds>` and
 * `X-IYS-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` (the scheme of
 * Stripe/Slack webhooks). The secret is IYS_SMS_WEBHOOK_SECRET (required in production); development
 * derives one from the platform secret.
 */
@Injectable()
export class SmsWebhookSignature {
  private readonly secret: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TOKEN_SIGNING_KEY) platformSecret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.secret = config.IYS_SMS_WEBHOOK_SECRET
      ? Buffer.from(config.IYS_SMS_WEBHOOK_SECRET, 'utf8')
      : derivePurposeKey(platformSecret, 'sms-webhook');
  }

  sign(timestamp: string, rawBody: Buffer | string): string {
    return `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
  }

  /** Throws H669 unless the request carries a fresh, valid signature of exactly these bytes. */
  verify(timestamp: string | undefined, signature: string | undefined, rawBody: Buffer | undefined): void {
    if (!timestamp || !signature || !rawBody || !/^\d{1,12}$/.test(timestamp)) throw recipientError('H669', ['signature']);
    const skew = Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp));
    if (skew > SIGNATURE_TOLERANCE_SECONDS) throw recipientError('H669', ['signature']);
    const expected = Buffer.from(this.sign(timestamp, rawBody));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw recipientError('H669', ['signature']);
  }
}
