import { Inject } from '@nestjs/common';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ListApplicationsQuery } from './list-applications.query.js';

export interface ApplicationListItem {
  applicationId: string;
  status: string;
  title: string;
  mersis: string;
  brands: string[];
  submittedAt: string;
  iysCode: number | null;
  rejectionReason: string | null;
}

/** The administrator's review queue. No signatory data: it stays sealed in the events. */
@QueryHandler(ListApplicationsQuery)
export class ListApplicationsHandler implements IQueryHandler<ListApplicationsQuery, ApplicationListItem[]> {
  constructor(@Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory) {}

  async execute({ status }: ListApplicationsQuery): Promise<ApplicationListItem[]> {
    const applications = await this.directory.applications(status);
    return applications.map(({ brandNames, submittedAt, ...application }) => ({
      ...application,
      brands: brandNames,
      submittedAt: formatIysDateTime(submittedAt),
    }));
  }
}
