import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConsentContracts } from '@iys/contracts';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { formatConsentReference } from '../../../domain/consent-reference.js';
import { RecipientConsentService } from '../../recipient-consents.js';
import { GetConsentHistoryQuery } from './get-consent-history.query.js';

export interface ConsentHistory {
  consentId: string;
  events: (Omit<ConsentContracts.RecipientConsentHistoryEntry, 'consentDate' | 'creationDate'> & { consentDate: string; creationDate: string })[];
}

@QueryHandler(GetConsentHistoryQuery)
export class GetConsentHistoryHandler implements IQueryHandler<GetConsentHistoryQuery, ConsentHistory> {
  constructor(@Inject(RecipientConsentService) private readonly consents: RecipientConsentService) {}

  async execute({ principal, consent }: GetConsentHistoryQuery): Promise<ConsentHistory> {
    const mine = await this.consents.recipientIdsOf(principal.accountId);
    const history = await this.consents.history(mine, consent);
    return {
      consentId: formatConsentReference(consent),
      events: history.map((entry) => ({
        ...entry,
        consentDate: formatIysDateTime(new Date(entry.consentDate)),
        creationDate: formatIysDateTime(new Date(entry.creationDate)),
      })),
    };
  }
}
