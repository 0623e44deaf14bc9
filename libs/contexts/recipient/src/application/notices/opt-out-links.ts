import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivePurposeKey } from '@iys/platform/building-blocks';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { recipientError } from '../../domain/recipient.errors.js';

const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{22})$/;

/**
 * One-click opt-out links: `<base>/recipients/opt-out/<linkId>.<mac>`, the mac a 128-bit HMAC of the
 * link id under a key derived for links only. The link id names a stored link (consent key, expiry,
 * use), so nothing about the recipient is in the URL; the mac lets a forged or mistyped link be
 * refused before any lookup.
 */
@Injectable()
export class OptOutLinks {
  private readonly key: Buffer;
  private readonly base: string;

  constructor(@Inject(TOKEN_SIGNING_KEY) secret: Buffer, @Inject(APP_CONFIG) config: AppConfig) {
    this.key = derivePurposeKey(secret, 'opt-out-link');
    this.base = (config.IYS_PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  }

  token(linkId: string): string {
    return `${linkId}.${this.mac(linkId)}`;
  }

  /** The registry's complaint form (not personal: the same for everyone), preset to a brand when one is named. */
  complaintForm(brandCode?: number): string {
    return `${this.base}/sikayet${brandCode ? `?marka=${brandCode}` : ''}`;
  }

  url(linkId: string): string {
    return `${this.base}/recipients/opt-out/${this.token(linkId)}`;
  }

  /** The link id of a genuine token; H668 for anything else. */
  verify(token: string): string {
    const match = TOKEN.exec(token);
    if (!match) throw recipientError('H668', ['token']);
    const expected = Buffer.from(this.mac(match[1]));
    const given = Buffer.from(match[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw recipientError('H668', ['token']);
    return match[1];
  }

  private mac(linkId: string): string {
    return createHmac('sha256', this.key).update(linkId).digest().subarray(0, 16).toString('base64url');
  }
}
