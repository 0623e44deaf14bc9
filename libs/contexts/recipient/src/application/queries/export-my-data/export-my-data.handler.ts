import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { csvRecord, formatIysDateTime, inertSpreadsheetText, type Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { RecipientAddressBook } from '../../identity/recipient-address-book.js';
import { RecipientConsentService } from '../../recipient-consents.js';
import { ExportMyDataQuery } from './export-my-data.query.js';
import type { MyConsent } from '../list-my-consents/list-my-consents.handler.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../../recipient-records.port.js';

export type DataExport = { format: 'json'; body: MyDataExport } | { format: 'csv'; body: string };

export interface MyDataExport {
  exportedAt: string;
  addresses: { recipient: string; kind: string; verifiedAt: string }[];
  /** Each consent as the list shows it, with its whole history instead of the latest change. */
  consents: (Pick<MyConsent, 'recipient' | 'providerTitle' | 'brandCode' | 'brandName' | 'type' | 'recipientType' | 'status'> & {
    history: { transactionId: string; status: string; source: string; origin: string; consentDate: string; creationDate: string; actorKind: string; channel: string }[];
  })[];
  notices: { sentAt: string; consentCount: number }[];
  erasure: { requestedAt: string; notBefore: string; executedAt: string | null; outcome: string | null }[];
}

const CSV_COLUMNS = [
  'recipient', 'providerTitle', 'brandCode', 'brandName', 'type', 'recipientType', 'status', 'source', 'origin', 'consentDate', 'creationDate', 'transactionId', 'actorKind', 'channel',
] as const;

@QueryHandler(ExportMyDataQuery)
export class ExportMyDataHandler implements IQueryHandler<ExportMyDataQuery, DataExport> {
  constructor(
    @Inject(RecipientAddressBook) private readonly addressBook: RecipientAddressBook,
    @Inject(RecipientConsentService) private readonly consents: RecipientConsentService,
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, format }: ExportMyDataQuery): Promise<DataExport> {
    const data = await this.collect(principal.accountId);
    if (format === 'json') return { format, body: data };
    const records = [csvRecord(CSV_COLUMNS)];
    for (const consent of data.consents) {
      for (const event of consent.history) {
        // Names a provider chose could be read as spreadsheet formulas; the address and dates are ours.
        const row: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
          ...consent,
          ...event,
          providerTitle: inertSpreadsheetText(consent.providerTitle),
          brandName: inertSpreadsheetText(consent.brandName),
        };
        records.push(csvRecord(CSV_COLUMNS.map((column) => row[column])));
      }
    }
    return { format, body: records.join('') };
  }

  private async collect(accountId: string): Promise<MyDataExport> {
    const addresses = await this.addressBook.openAddresses(accountId);
    const recipientIds = addresses.map((a) => a.recipientId);
    const clear = new Map(addresses.map((a) => [a.recipientId, a.recipient]));
    const consents = await this.consents.list(recipientIds);
    const histories = await Promise.all(consents.map((consent) => this.consents.history(recipientIds, consent)));
    const notices = await this.records.noticesOf(recipientIds);
    const erasures = await this.records.erasuresOf(accountId);
    return {
      exportedAt: formatIysDateTime(this.clock.now()),
      addresses: addresses.map((a) => ({ recipient: a.recipient, kind: a.addressKind, verifiedAt: formatIysDateTime(a.verifiedAt) })),
      consents: consents.map((consent, i) => ({
        recipient: clear.get(consent.recipientId) ?? '',
        providerTitle: consent.providerTitle,
        brandCode: consent.brandCode,
        brandName: consent.brandName,
        type: consent.type,
        recipientType: consent.recipientType,
        status: consent.status,
        history: histories[i].map((event) => ({
          ...event,
          consentDate: formatIysDateTime(new Date(event.consentDate)),
          creationDate: formatIysDateTime(new Date(event.creationDate)),
        })),
      })),
      notices: notices.map((n) => ({ sentAt: formatIysDateTime(n.sentAt), consentCount: n.consentCount })),
      erasure: erasures.map((e) => ({
        requestedAt: formatIysDateTime(e.requestedAt),
        notBefore: formatIysDateTime(e.notBefore),
        executedAt: e.executedAt ? formatIysDateTime(e.executedAt) : null,
        outcome: e.outcome,
      })),
    };
  }
}
