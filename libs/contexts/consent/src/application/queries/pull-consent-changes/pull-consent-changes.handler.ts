import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, formatIysDateTime, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { decodeFeedCursor, encodeFeedCursor, mergeShardPages } from '../../../domain/change-feed-cursor.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { CONSENT_FEED, type ConsentFeed } from '../../consent-feed.port.js';
import { PullConsentChangesQuery } from './pull-consent-changes.query.js';

/** One movement as İYS's pull returns it (iys-api.md §3.7). */
export interface ConsentChange {
  consentDate: string;
  creationDate: string;
  source: string;
  recipient: string;
  recipientType: string;
  status: string;
  type: string;
  transactionId: string;
}

const WINDOW_DAYS = 7;
/** The change feed lives on one node today; the cursor is already a list of one position per shard (ADR 0048). */
const FEED_SHARDS = 1;

/**
 * C6: the movements of a brand made by the provider's side (HS) or by recipients through the
 * registry (IYS), in commit order, after an opaque cursor, within the last 7 days. A change is
 * here as soon as the async projection has passed it: no one-hour hole.
 */
@QueryHandler(PullConsentChangesQuery)
export class PullConsentChangesHandler implements IQueryHandler<PullConsentChangesQuery, { after: string; list: ConsentChange[] }> {
  constructor(
    @Inject(CONSENT_FEED) private readonly feed: ConsentFeed,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: PullConsentChangesQuery): Promise<{ after: string; list: ConsentChange[] }> {
    const cursor = decodeFeedCursor(query.after, FEED_SHARDS);
    if (!cursor) throw new DomainError('H098', iysCodeEntry('H098').message, ['after']);
    const since = new Date(this.clock.now().getTime() - WINDOW_DAYS * 24 * 3600 * 1000);
    const pages = await Promise.all(cursor.map((position) => this.shardPage(query, position, since)));
    const { list, after } = mergeShardPages(cursor, pages, query.limit);
    if (list.length === 0) await this.brands.requireKnown(query.iysCode, query.brandCode);
    const recipients = await this.vault.decryptMany(list.map((row) => row.recipient));
    return {
      after: encodeFeedCursor(after),
      list: list.map((row, i) => ({
        consentDate: formatIysDateTime(row.consent_date),
        creationDate: formatIysDateTime(row.creation_date),
        source: row.source,
        recipient: recipients[i],
        recipientType: row.recipient_type,
        status: row.status,
        type: row.type,
        transactionId: row.event_id,
      })),
    };
  }

  /** One shard's changes after its position, in its commit order. */
  private async shardPage(query: PullConsentChangesQuery, position: bigint, since: Date) {
    const rows = await this.feed.changesAfter(query, position, since);
    return rows.map((row) => ({ ...row, seq: BigInt(row.seq), recordedAt: row.creation_date.getTime() }));
  }
}
