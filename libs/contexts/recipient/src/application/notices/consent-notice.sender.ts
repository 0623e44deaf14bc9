import { Inject, Injectable } from '@nestjs/common';
import { istanbulDay, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { ProjectionRunner } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, ID_GENERATOR, NotifiedBackgroundWorker, PG_POOL, type WorkerPool } from '@iys/platform/nest';
import { CONSENT_NOTICES_CHANNEL } from '../projections/consent-notices.projection.js';
import { recipientBrandsProjection } from '../projections/recipient-brands.projection.js';
import { CONSENT_NOTICE_RECORDS, type ComposedNotice, type ConsentNoticeRecords, type PendingNotice } from './consent-notice-records.port.js';
import { OptOutLinks } from './opt-out-links.js';

/** Consents registered longer ago than this are not announced any more (e.g. history loaded at a first deployment). */
export const NOTICE_MAX_AGE_DAYS = 7;
const RECIPIENTS_PER_ROUND = 50;

/**
 * Tells recipients about consents providers registered in their name (README rule 4), each with a
 * one-click opt-out link. Bulk uploads must not flood anyone: an address's new consents are gathered
 * for IYS_RECIPIENT_NOTICE_DELAY_SECONDS after the first one and sent as ONE message listing them
 * all, and an address receives at most IYS_RECIPIENT_NOTICES_PER_DAY messages per Istanbul day;
 * what arrives after that waits for the next day's message.
 *
 * Per address, in one transaction under its advisory lock: the pending rows are taken, a link per
 * consent stored, the events marked as told, and the message enqueued in the outbox; so a crash
 * leaves either all of it or none, and an address is never told twice about one event.
 */
@Injectable()
export class ConsentNoticeSender extends NotifiedBackgroundWorker {
  constructor(
    // The LISTEN connection's pool, for the worker loop only; the records go through the port.
    @Inject(PG_POOL) pool: WorkerPool,
    @Inject(CONSENT_NOTICE_RECORDS) private readonly records: ConsentNoticeRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(OptOutLinks) private readonly links: OptOutLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject('RECIPIENT_BACKGROUND_WORK_ENABLED') enabled: boolean,
  ) {
    super(pool, enabled, { channel: CONSENT_NOTICES_CHANNEL, name: 'consent-notices', failure: 'consent notices failed; they will be retried' });
  }

  /** Sends every notice that is due now; returns how many messages were enqueued. */
  async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const due = await this.dueRecipients();
      if (due.length === 0) break;
      // Brand names come from recipient.brands, projected asynchronously from service-provider events.
      await this.runner.waitUntilCaughtUp(recipientBrandsProjection, { timeoutMs: 5_000, drive: true });
      for (const recipientId of due) if (await this.notify(recipientId)) sent += 1;
    }
    return sent;
  }

  private dueRecipients(): Promise<string[]> {
    const now = this.clock.now();
    return this.records.dueRecipients(now, this.config.IYS_RECIPIENT_NOTICE_DELAY_SECONDS, istanbulDay(now), this.config.IYS_RECIPIENT_NOTICES_PER_DAY, RECIPIENTS_PER_ROUND);
  }

  private notify(recipientId: string): Promise<boolean> {
    const now = this.clock.now();
    const noticeId = this.ids.next().toLowerCase();
    return this.records.notify(recipientId, { day: istanbulDay(now), perDay: this.config.IYS_RECIPIENT_NOTICES_PER_DAY, noticeId, at: now }, (pending) =>
      this.compose(recipientId, pending, now),
    );
  }

  /** The message for the consents taken: fresh ones only, one line per consent key; none when nothing is left. */
  private compose(recipientId: string, pending: PendingNotice[], now: Date): ComposedNotice | undefined {
    const fresh = pending.filter((row) => row.registeredAt.getTime() >= now.getTime() - NOTICE_MAX_AGE_DAYS * 86_400_000);
    // One line per consent key (an ONAY registered twice in the window is one consent).
    const consents = [...new Map(fresh.map((row) => [`${row.brandCode}.${row.type}.${row.recipientType}`, row])).values()];
    if (consents.length === 0) return undefined;
    const items = consents.map((row) => ({ row, linkId: this.ids.next().toLowerCase() }));
    const channel = consents[0].type === 'EPOSTA' ? 'email' : 'sms';
    return {
      links: items.map(({ row, linkId }) => ({ linkId, brandCode: row.brandCode, type: row.type, recipientType: row.recipientType })),
      expiresAt: new Date(now.getTime() + this.config.IYS_OPT_OUT_LINK_DAYS * 86_400_000),
      message: {
        id: this.ids.next(),
        channel,
        recipientId,
        recipient: consents[0].recipient,
        template: `recipient.consent-notice.${channel}`,
        params: { count: consents.length, validDays: this.config.IYS_OPT_OUT_LINK_DAYS },
        secrets: JSON.stringify({
          consents: items.map(({ row, linkId }) => ({
            brand: row.brandName ?? String(row.brandCode),
            provider: row.providerTitle ?? '',
            type: row.type,
            link: this.links.url(linkId),
          })),
        }),
        createdAt: now,
      },
      consentCount: consents.length,
    };
  }
}
