import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { CurrentRecipient, RecipientScoped } from '@iys/platform/nest';
import { attrs, CITIZEN_FACE, html, redirectTo, orRefusal, Web, WebController, webError, type CitizenView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { DecideConsentCommand } from '../../application/commands/decide-consent/decide-consent.command.js';
import { RejectConsentsCommand } from '../../application/commands/reject-consents/reject-consents.command.js';
import type { ConsentHistory } from '../../application/queries/get-consent-history/get-consent-history.handler.js';
import { GetConsentHistoryQuery } from '../../application/queries/get-consent-history/get-consent-history.query.js';
import type { MyAddress } from '../../application/queries/list-my-addresses/list-my-addresses.handler.js';
import { ListMyAddressesQuery } from '../../application/queries/list-my-addresses/list-my-addresses.query.js';
import type { MyConsent } from '../../application/queries/list-my-consents/list-my-consents.handler.js';
import { ListMyConsentsQuery, type ConsentFilter } from '../../application/queries/list-my-consents/list-my-consents.query.js';
import { CONSENT_TYPE_VALUES, parseConsentReference, type ConsentTypeValue } from '../../domain/consent-reference.js';
import { alertBox, channelLabel, doneNotice, field, statusLabel, type Form } from './citizen-web.js';

interface Filters {
  address?: number;
  type?: ConsentTypeValue;
  status?: 'ONAY' | 'RET';
  brand?: number;
}

function filtersOf(query: Record<string, unknown>): Filters {
  const number = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined);
  return {
    address: number(query.address),
    type: CONSENT_TYPE_VALUES.find((type) => type === query.type),
    status: query.status === 'ONAY' || query.status === 'RET' ? query.status : undefined,
    brand: number(query.brand),
  };
}

/**
 * The citizen's one screen of consents across providers and brands, with filters, one-by-one and
 * bulk decisions, and each consent's history: the same queries and commands as /recipients/me/….
 */
@WebController(CITIZEN_FACE)
@RecipientScoped()
export class CitizenConsentsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get()
  consents(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Query() query: Record<string, unknown>): Promise<WebPage> {
    return this.listPage(view, recipient, query ?? {});
  }

  private async listPage(view: CitizenView, recipient: RecipientPrincipal, query: Record<string, unknown>, refusal?: string): Promise<WebPage> {
    const filters = filtersOf(query);
    const { addresses } = await this.queries.execute(new ListMyAddressesQuery(recipient));
    const { consents: all } = await this.queries.execute(new ListMyConsentsQuery(recipient, {}));
    const filter: ConsentFilter = { status: filters.status, type: filters.type, brandCode: filters.brand };
    const address = filters.address !== undefined ? addresses[filters.address]?.recipient : undefined;
    const { consents: filtered } = await this.queries.execute(new ListMyConsentsQuery(recipient, filter));
    const shown = filtered.filter((consent) => address === undefined || consent.recipient === address);
    const t = view.t;
    const main = html`<h1>${t('nav.consents')}</h1>
<p>${t('consents.intro')}</p>
${doneNotice(view, query.done, { decided: 'consents.done.decided', bulk: 'consents.done.bulk' }, { count: Number(query.count) || 0 })}
${alertBox('consents-error', refusal)}
${filterForm(view, addresses, all, filters)}
<h2 id="list-heading">${t('consents.count', { count: shown.length })}</h2>
${shown.length === 0 ? html`<p>${t('consents.none')}</p>` : html`<ul class="consent-list" aria-labelledby="list-heading">${shown.map((consent) => consentCard(view, consent))}</ul>`}
${bulkForms(view, all)}`;
    return view.page(t('nav.consents'), main, { status: refusal ? 422 : 200 });
  }

  @Get('consents/:consentId/history')
  async history(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('consentId') consentId: string): Promise<WebPage> {
    const reference = parseConsentReference(consentId);
    if (!reference) throw webError('H801');
    const history: ConsentHistory = await this.queries.execute(new GetConsentHistoryQuery(recipient, reference));
    const { consents } = await this.queries.execute(new ListMyConsentsQuery(recipient, { brandCode: reference.brandCode, type: reference.type }));
    const consent = consents.find((c) => c.consentId === history.consentId);
    const t = view.t;
    const main = html`<h1>${t('history.title')}</h1>
${consent ? html`<dl class="facts"><dt>${t('consents.provider')}</dt><dd>${consent.providerTitle ?? t('consents.unknownProvider')}</dd><dt>${t('consents.brand')}</dt><dd>${consent.brandName ?? consent.brandCode}</dd><dt>${t('consents.channel')}</dt><dd>${channelLabel(view, consent.type)}</dd><dt>${t('consents.address')}</dt><dd>${consent.recipient}</dd></dl>` : ''}
<div class="table-scroll"><table><caption>${t('history.title')}</caption>
<thead><tr><th scope="col">${t('history.when')}</th><th scope="col">${t('history.status')}</th><th scope="col">${t('history.who')}</th><th scope="col">${t('history.channel')}</th></tr></thead>
<tbody>${history.events.map((event) => html`<tr><td>${view.dateTime(event.consentDate)}</td><td class="status status-${event.status}">${statusLabel(view, event.status)}</td><td>${event.actorKind}</td><td>${event.channel} · ${event.source}</td></tr>`)}</tbody></table></div>
<p><a href="/">${t('history.back')}</a></p>`;
    return view.page(t('history.title'), main);
  }

  @Post('consents/:consentId/decision')
  @HttpCode(200)
  async decide(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('consentId') consentId: string, @Body() form: Form | undefined): Promise<WebRedirect | WebPage> {
    const reference = parseConsentReference(consentId);
    const status = field(form, 'status');
    if (!reference || (status !== 'ONAY' && status !== 'RET')) throw webError('H801');
    return this.afterCommand(view, recipient, () => this.commands.execute(new DecideConsentCommand(recipient, reference, status, 'IYS_WEB')), () => '/?done=decided');
  }

  @Post('consents/rejection')
  @HttpCode(200)
  async rejectMany(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Body() form: Form | undefined): Promise<WebRedirect | WebPage> {
    const brand = field(form, 'brand');
    const channel = CONSENT_TYPE_VALUES.find((type) => type === field(form, 'channel'));
    const scope = /^[1-9]\d{0,8}$/.test(brand) ? { kind: 'brand' as const, brandCode: Number(brand) } : channel ? { kind: 'channel' as const, type: channel } : undefined;
    if (!scope) return redirectTo('/');
    return this.afterCommand(
      view,
      recipient,
      () => this.commands.execute(new RejectConsentsCommand(recipient, scope, 'IYS_WEB')),
      (result: { rejected: unknown[] }) => `/?done=bulk&count=${result.rejected.length}`,
    );
  }

  /** Runs the command, then back to the list; a refusal (already RET, not mine…) is shown on the list. */
  private async afterCommand<T>(view: CitizenView, recipient: RecipientPrincipal, run: () => Promise<T>, next: (result: T) => string): Promise<WebRedirect | WebPage> {
    return orRefusal(async () => {
      return redirectTo(next(await run()));
    }, (refusal) => this.listPage(view, recipient, {}, `${refusal.message} (${refusal.code})`));
  }
}

function filterForm(view: CitizenView, addresses: MyAddress[], all: MyConsent[], filters: Filters) {
  const t = view.t;
  const brands = [...new Map(all.map((c) => [c.brandCode, c.brandName ?? String(c.brandCode)])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'tr'));
  const option = (value: string | number, label: string, selected: boolean) => html`<option${attrs({ value: String(value), selected })}>${label}</option>`;
  return view.form(
    '/',
    html`<fieldset class="filters"><legend>${t('consents.filters')}</legend>
<div><label for="f-address">${t('consents.filter.address')}</label><select id="f-address" name="address">${option('', t('consents.filter.all'), filters.address === undefined)}${addresses.map((a, i) => option(i, a.recipient, filters.address === i))}</select></div>
<div><label for="f-type">${t('consents.filter.channel')}</label><select id="f-type" name="type">${option('', t('consents.filter.all'), !filters.type)}${CONSENT_TYPE_VALUES.map((type) => option(type, channelLabel(view, type), filters.type === type))}</select></div>
<div><label for="f-status">${t('consents.filter.status')}</label><select id="f-status" name="status">${option('', t('consents.filter.all'), !filters.status)}${(['ONAY', 'RET'] as const).map((s) => option(s, statusLabel(view, s), filters.status === s))}</select></div>
<div><label for="f-brand">${t('consents.filter.brand')}</label><select id="f-brand" name="brand">${option('', t('consents.filter.all'), filters.brand === undefined)}${brands.map(([code, name]) => option(code, name, filters.brand === code))}</select></div>
<div class="actions"><button type="submit">${t('consents.filter.apply')}</button> <a class="button secondary" href="/">${t('consents.filter.clear')}</a></div>
</fieldset>`,
    { method: 'get', label: t('consents.filters') },
  );
}

function consentCard(view: CitizenView, consent: MyConsent) {
  const t = view.t;
  const brand = consent.brandName ?? String(consent.brandCode);
  const channel = channelLabel(view, consent.type);
  const action = `/consents/${encodeURIComponent(consent.consentId)}/decision`;
  const decision = consent.status === 'ONAY'
    ? view.form(action, html`<input type="hidden" name="status" value="RET"><button type="submit" class="danger" aria-label="${t('consents.rejectOf', { brand, channel })}">${t('consents.reject')}</button>`, { className: 'inline-form' })
    : view.form(action, html`<input type="hidden" name="status" value="ONAY"><button type="submit" aria-label="${t('consents.approveOf', { brand, channel })}">${t('consents.approve')}</button>`, { className: 'inline-form' });
  return html`<li class="card" data-brand="${consent.brandCode}" data-status="${consent.status}">
<h3>${brand} · ${channel}</h3>
<dl class="facts"><dt>${t('consents.provider')}</dt><dd>${consent.providerTitle ?? t('consents.unknownProvider')}</dd>
<dt>${t('consents.address')}</dt><dd>${consent.recipient}</dd>
<dt>${t('consents.status')}</dt><dd class="status status-${consent.status}">${statusLabel(view, consent.status)}</dd>
<dt>${t('consents.date')}</dt><dd>${view.dateTime(consent.consentDate)}</dd></dl>
<div class="actions">${decision} <a class="button secondary" href="/consents/${encodeURIComponent(consent.consentId)}/history" aria-label="${t('consents.historyOf', { brand, channel })}">${t('consents.history')}</a></div>
</li>`;
}

function bulkForms(view: CitizenView, all: MyConsent[]) {
  const t = view.t;
  const approved = all.filter((c) => c.status === 'ONAY');
  if (approved.length === 0) return '';
  const brands = [...new Map(approved.map((c) => [c.brandCode, `${c.brandName ?? c.brandCode} (${c.providerTitle ?? t('consents.unknownProvider')})`])).entries()];
  const channels = [...new Set(approved.map((c) => c.type))];
  return html`<section aria-labelledby="bulk-heading"><h2 id="bulk-heading">${t('consents.bulk')}</h2><p>${t('consents.bulkIntro')}</p>
${view.form(
  '/consents/rejection',
  html`<label for="bulk-brand">${t('consents.filter.brand')}</label><select id="bulk-brand" name="brand">${brands.map(([code, label]) => html`<option value="${code}">${label}</option>`)}</select>
<div class="actions"><button type="submit" class="danger">${t('consents.rejectBrand')}</button></div>`,
  { confirm: t('consents.rejectBrandConfirm'), label: t('consents.rejectBrand') },
)}
${view.form(
  '/consents/rejection',
  html`<label for="bulk-channel">${t('consents.filter.channel')}</label><select id="bulk-channel" name="channel">${channels.map((type) => html`<option value="${type}">${channelLabel(view, type)}</option>`)}</select>
<div class="actions"><button type="submit" class="danger">${t('consents.rejectChannel')}</button></div>`,
  { confirm: t('consents.rejectChannelConfirm'), label: t('consents.rejectChannel') },
)}</section>`;
}
