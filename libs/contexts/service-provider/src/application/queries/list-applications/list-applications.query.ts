import { Query } from '@nestjs/cqrs';
import type { ApplicationListItem } from './list-applications.handler.js';

export class ListApplicationsQuery extends Query<ApplicationListItem[]> {
  constructor(readonly status?: 'pending' | 'approved' | 'rejected') {
    super();
  }
}
