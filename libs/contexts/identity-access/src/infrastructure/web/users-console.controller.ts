import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ROLES, type Principal, type Role } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, parsePaging, validateIysBody } from '@iys/platform/nest';
import { ADMIN_FACE, html, redirectTo, orRefusal, Web, WebController, type AdminView, type HtmlValue, type WebPage, type WebRedirect } from '@iys/platform/web';
import { CreateApiUserCommand } from '../../application/commands/create-api-user/create-api-user.command.js';
import { DisableApiUserCommand } from '../../application/commands/disable-api-user/disable-api-user.command.js';
import type { ApiUserPage } from '../../application/queries/list-api-users/list-api-users.handler.js';
import { ListApiUsersQuery } from '../../application/queries/list-api-users/list-api-users.query.js';
import { CreateApiUserDto } from '../http/dto/identity-access.request.dto.js';

type Form = Record<string, unknown>;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');
const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The administration console's users (docs/adr/0056): the list (ListApiUsers, no password hashes),
 * a new user (CreateApiUser, validated by the API's own CreateApiUserDto) and disabling one
 * (DisableApiUser). Role admin, as `/admin/users`.
 */
@WebController(ADMIN_FACE, 'admin/accounts')
@AllowRoles('admin')
export class UsersConsoleController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  @Get()
  async list(@Web(ADMIN_FACE) view: AdminView, @Query('role') role?: string, @Query('offset') offset?: string): Promise<WebPage> {
    return this.page(view, role, offset);
  }

  @Post()
  @HttpCode(200)
  async create(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Body() form: Form | undefined): Promise<WebPage> {
    const number = (name: string) => (field(form, name) === '' ? undefined : /^\d+$/.test(field(form, name)) ? Number(field(form, name)) : field(form, name));
    const given = {
      username: field(form, 'username'),
      password: typeof form?.password === 'string' ? form.password : '',
      role: field(form, 'role'),
      iysCode: number('iysCode'),
      integratorCode: number('integratorCode'),
      operatorCode: number('operatorCode'),
    };
    const notice = await orRefusal(async (): Promise<{ kind: 'ok' | 'error'; text: string }> => {
      const checked = await validateIysBody(CreateApiUserDto, Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)), { unknownFields: 'strip' });
      if (!checked.ok) return { kind: 'error', text: `${checked.errors[0].code}: ${checked.errors[0].message}` };
      const body = checked.value;
      await this.commands.execute(
        new CreateApiUserCommand(body.username, body.password, body.role, body.iysCode ?? null, admin.userId, body.integratorCode ?? null, [], body.operatorCode ?? null),
      );
      return { kind: 'ok', text: view.t('accounts.created', { username: body.username }) };
    }, (refusal) => ({ kind: 'error' as const, text: `${refusal.code}: ${refusal.message}` }));
    return this.page(view, undefined, undefined, notice);
  }

  @Post(':userId/disable')
  @HttpCode(200)
  async disable(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Param('userId') userId: string): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      if (!UUID.test(userId)) return this.page(view, undefined, undefined, { kind: 'error', text: 'H633' });
      await this.commands.execute(new DisableApiUserCommand(userId.toLowerCase(), admin.userId));
      return redirectTo('/admin/accounts');
    }, (refusal) => this.page(view, undefined, undefined, { kind: 'error', text: `${refusal.code}: ${refusal.message}` }));
  }

  private async page(view: AdminView, role: string | undefined, offset: string | undefined, notice?: { kind: 'ok' | 'error'; text: string }): Promise<WebPage> {
    const chosen = (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : undefined;
    const paging = parsePaging({ offset }, { maxLimit: PAGE, defaultLimit: PAGE });
    const users: ApiUserPage = await this.queries.execute(new ListApiUsersQuery({ role: chosen, offset: paging.offset, limit: PAGE }));
    return view.page(view.t('accounts.title'), usersPage(view, users, chosen, notice), { status: notice?.kind === 'error' ? 422 : 200 });
  }
}

function usersPage(view: AdminView, users: ApiUserPage, role: Role | undefined, notice?: { kind: 'ok' | 'error'; text: string }): HtmlValue {
  const t = view.t;
  const link = (offset: number) => `/admin/accounts?${new URLSearchParams({ ...(role ? { role } : {}), offset: String(offset) }).toString()}`;
  const roleOptions = (selected: string | undefined, withAny: boolean) =>
    html`${withAny ? html`<option value="">${t('common.any')}</option>` : ''}${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${r}</option>`)}`;
  return html`<h1>${t('accounts.title')}</h1>
${notice ? html`<div class="${notice.kind === 'ok' ? 'notice' : 'alert'}" role="${notice.kind === 'ok' ? 'status' : 'alert'}">${notice.text}</div>` : ''}
${view.form('/admin/accounts', html`<label for="role-filter">${t('accounts.role')}</label><select id="role-filter" name="role" data-autosubmit>${roleOptions(role, true)}</select> <button type="submit">${t('common.filter')}</button>`, { method: 'get', label: t('common.filter') })}
<div class="table-scroll"><table><caption class="visually-hidden">${t('accounts.title')}</caption>
<thead><tr><th scope="col">${t('accounts.col.username')}</th><th scope="col">${t('accounts.col.role')}</th><th scope="col">${t('accounts.col.codes')}</th><th scope="col">${t('accounts.col.state')}</th><th scope="col"><span class="visually-hidden">${t('accounts.disable')}</span></th></tr></thead>
<tbody>${users.items.map(
    (user) => html`<tr><td>${user.username}</td><td>${user.role}</td><td>${[user.iysCode && `İYS ${user.iysCode}`, user.integratorCode && `entegratör ${user.integratorCode}`, user.operatorCode && `operatör ${user.operatorCode}`, user.brandCode && `marka ${user.brandCode}`, user.retailerCode && `bayi ${user.retailerCode}`].filter(Boolean).join(', ') || '—'}</td>
<td>${user.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
<td>${user.disabled ? '' : view.form(`/admin/accounts/${user.userId}/disable`, html`<button type="submit" class="secondary">${t('accounts.disable')}<span class="visually-hidden"> ${user.username}</span></button>`, { confirm: t('accounts.disableConfirm') })}</td></tr>`,
  )}</tbody></table></div>
<p class="pager">${users.offset > 0 ? html`<a href="${link(Math.max(0, users.offset - users.limit))}">${t('common.previous')}</a> ` : ''}${users.more ? html`<a href="${link(users.offset + users.limit)}">${t('common.next')}</a>` : ''}</p>
<h2>${t('accounts.create')}</h2>
${view.form(
  '/admin/accounts',
  html`<label for="username">${t('accounts.username')}</label><input id="username" name="username" type="text" autocomplete="off" required maxlength="200">
<label for="password">${t('accounts.password')}</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="200">
<label for="role">${t('accounts.role')}</label><select id="role" name="role" required>${roleOptions('provider', false)}</select>
<label for="iysCode">${t('accounts.iysCode')}</label><input id="iysCode" name="iysCode" type="text" inputmode="numeric" maxlength="10">
<label for="integratorCode">${t('accounts.integratorCode')}</label><input id="integratorCode" name="integratorCode" type="text" inputmode="numeric" maxlength="10">
<label for="operatorCode">${t('accounts.operatorCode')}</label><input id="operatorCode" name="operatorCode" type="text" inputmode="numeric" maxlength="10">
<div class="actions"><button type="submit">${t('accounts.submit')}</button></div>`,
  { label: t('accounts.create') },
)}`;
}
