import { Query } from '@nestjs/cqrs';
import type { Role } from '@iys/platform/building-blocks';
import type { ApiUserPage } from './list-api-users.handler.js';

/** The administrator's list of API users (every role, or one), by user name, a page at a time. */
export class ListApiUsersQuery extends Query<ApiUserPage> {
  constructor(readonly filter: { role?: Role; offset: number; limit: number }) {
    super();
  }
}
