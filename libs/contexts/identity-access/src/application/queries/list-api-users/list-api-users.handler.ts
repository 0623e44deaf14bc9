import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readPage, type Page } from '@iys/platform/building-blocks';
import { ACCOUNTS, type Accounts, type ListedAccount } from '../../accounts.port.js';
import { ListApiUsersQuery } from './list-api-users.query.js';

/** A page of users; `more` says whether another page follows. */
export type ApiUserPage = Page<ListedAccount>;

export const API_USER_PAGE_MAX = 200;

/** Reads the api-access read model (no password hashes leave it). */
@QueryHandler(ListApiUsersQuery)
export class ListApiUsersHandler implements IQueryHandler<ListApiUsersQuery, ApiUserPage> {
  constructor(@Inject(ACCOUNTS) private readonly accounts: Accounts) {}

  execute({ filter }: ListApiUsersQuery): Promise<ApiUserPage> {
    return readPage(filter, API_USER_PAGE_MAX, (offset, limit) => this.accounts.list({ role: filter.role, offset, limit }));
  }
}
