import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { formatIysDateTime, type Clock, type Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CLOCK, CurrentPrincipal, parseAdminInstant, parsePaging, validateIysBody } from '@iys/platform/nest';
import { DEAD_LETTER_PAGE_MAX, OutboxAdmin } from '@iys/platform/outbox';
import { ADMIN_FACE, html, redirectTo, orRefusal, Web, WebController, type AdminView, type HtmlValue, type WebPage, type WebRedirect } from '@iys/platform/web';
import { EXEMPTION_KINDS } from '../../domain/sender-exemption.decider.js';
import { ApproveApplicationCommand } from '../../application/commands/approve-application/approve-application.command.js';
import type { Approval } from '../../application/commands/approve-application/approve-application.handler.js';
import { EndSenderExemptionCommand } from '../../application/commands/end-sender-exemption/end-sender-exemption.command.js';
import { RejectApplicationCommand } from '../../application/commands/reject-application/reject-application.command.js';
import { SetActivationDateCommand } from '../../application/commands/set-activation-date/set-activation-date.command.js';
import type { ApplicationListItem } from '../../application/queries/list-applications/list-applications.handler.js';
import { ListApplicationsQuery } from '../../application/queries/list-applications/list-applications.query.js';
import type { SenderExemptionView } from '../../application/queries/list-sender-exemptions/list-sender-exemptions.handler.js';
import { ListSenderExemptionsQuery } from '../../application/queries/list-sender-exemptions/list-sender-exemptions.query.js';
import type { ServiceProviderPage } from '../../application/queries/list-service-providers/list-service-providers.handler.js';
import { ListServiceProvidersQuery } from '../../application/queries/list-service-providers/list-service-providers.query.js';
import { ApproveApplicationDto, RejectApplicationDto, SetActivationDateDto } from '../http/dto/service-provider.request.dto.js';
import { GrantSenderExemptionDto, grantSenderExemptionCommand } from '../http/dto/sender-exemption.request.dto.js';

type Form = Record<string, unknown>;
type Notice = { kind: 'ok' | 'error'; text: HtmlValue };
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');
const STATUSES = ['pending', 'approved', 'rejected'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 50;

/** A notice above a page: a confirmation (status) or a refusal with its İYS code (alert). */
export function noticeBlock(notice: Notice | undefined): HtmlValue {
  if (!notice) return '';
  return notice.kind === 'ok' ? html`<div class="notice" role="status">${notice.text}</div>` : html`<div class="alert" role="alert">${notice.text}</div>`;
}

const refused = (refusal: { code: string; message: string }): Notice => ({ kind: 'error', text: `${refusal.code}: ${refusal.message}` });

/**
 * The administration console's service-provider pages (docs/adr/0056): the overview, applications
 * review (approve with an optional activation date, reject with a reason), providers and their
 * activation dates, and the operator gate's exempt senders. Every form is validated by the API's
 * own DTO and runs the API's own command; role admin, as `/admin/…` of the API.
 */
@WebController(ADMIN_FACE, 'admin')
@AllowRoles('admin')
export class AdminConsoleController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutboxAdmin) private readonly outbox: OutboxAdmin,
  ) {}

  @Get()
  async home(@Web(ADMIN_FACE) view: AdminView): Promise<WebPage> {
    const pending: ApplicationListItem[] = await this.queries.execute(new ListApplicationsQuery('pending'));
    const dead = await this.outbox.deadLetters({ limit: DEAD_LETTER_PAGE_MAX });
    const t = view.t;
    return view.page(
      t('home.title'),
      html`<h1>${t('home.title')}</h1>
<ul class="link-list">
<li><a href="/admin/review">${t('home.pending', { count: view.number(pending.length) })}</a></li>
<li><a href="/admin/accounts">${t('nav.accounts')}</a></li>
<li><a href="/admin/providers">${t('nav.providers')}</a></li>
<li><a href="/admin/exempt-senders">${t('nav.exemptions')}</a></li>
<li><a href="/admin/dead-letters">${t('home.deadLetters', { count: dead.length < DEAD_LETTER_PAGE_MAX ? view.number(dead.length) : `${view.number(DEAD_LETTER_PAGE_MAX)}+` })}</a></li>
</ul>`,
    );
  }

  @Get('review')
  review(@Web(ADMIN_FACE) view: AdminView, @Query('status') status?: string): Promise<WebPage> {
    return this.reviewPage(view, status);
  }

  @Post('review/:applicationId/approve')
  @HttpCode(200)
  async approve(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Param('applicationId') applicationId: string, @Body() form: Form | undefined): Promise<WebPage> {
    const t = view.t;
    const activationDate = field(form, 'activationDate');
    return orRefusal(async () => {
      const checked = await validateIysBody(ApproveApplicationDto, activationDate ? { activationDate } : {}, { unknownFields: 'strip' });
      if (!checked.ok) return this.reviewPage(view, 'pending', refused(checked.errors[0]));
      if (!UUID.test(applicationId)) return this.reviewPage(view, 'pending', { kind: 'error', text: 'H616' });
      const instant = checked.value.activationDate === undefined ? undefined : parseAdminInstant(checked.value.activationDate)!.toISOString();
      const title = (await this.queries.execute(new ListApplicationsQuery('pending')) as ApplicationListItem[]).find((a) => a.applicationId === applicationId.toLowerCase())?.title ?? '';
      const approval: Approval = await this.commands.execute(new ApproveApplicationCommand(applicationId.toLowerCase(), admin.userId, instant));
      return this.reviewPage(view, 'pending', {
        kind: 'ok',
        text: html`<p>${t('review.approved', { title, iysCode: approval.iysCode })}</p><p>${t('review.brandCodes')}: ${approval.brands.map((b) => `${b.name} → ${b.brandCode}`).join(', ')}</p>`,
      });
    }, (refusal) => this.reviewPage(view, 'pending', refused(refusal)));
  }

  @Post('review/:applicationId/reject')
  @HttpCode(200)
  async reject(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Param('applicationId') applicationId: string, @Body() form: Form | undefined): Promise<WebPage> {
    return orRefusal(async () => {
      const checked = await validateIysBody(RejectApplicationDto, { reason: field(form, 'reason') }, { unknownFields: 'strip' });
      if (!checked.ok) return this.reviewPage(view, 'pending', refused(checked.errors[0]));
      if (!UUID.test(applicationId)) return this.reviewPage(view, 'pending', { kind: 'error', text: 'H616' });
      await this.commands.execute(new RejectApplicationCommand(applicationId.toLowerCase(), checked.value.reason, admin.userId));
      return this.reviewPage(view, 'pending', { kind: 'ok', text: view.t('review.rejected') });
    }, (refusal) => this.reviewPage(view, 'pending', refused(refusal)));
  }

  @Get('providers')
  providers(@Web(ADMIN_FACE) view: AdminView, @Query('offset') offset?: string): Promise<WebPage> {
    return this.providersPage(view, offset);
  }

  @Post('providers/:iysCode/activation-date')
  @HttpCode(200)
  async setActivationDate(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Param('iysCode') iysCode: string, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      const checked = await validateIysBody(SetActivationDateDto, { activationDate: field(form, 'activationDate') }, { unknownFields: 'strip' });
      if (!checked.ok) return this.providersPage(view, undefined, refused(checked.errors[0]));
      if (!/^\d{1,10}$/.test(iysCode)) return this.providersPage(view, undefined, { kind: 'error', text: 'H190' });
      await this.commands.execute(new SetActivationDateCommand(Number(iysCode), parseAdminInstant(checked.value.activationDate)!.toISOString(), admin.userId));
      return this.providersPage(view, undefined, { kind: 'ok', text: view.t('common.saved') });
    }, (refusal) => this.providersPage(view, undefined, refused(refusal)));
  }

  @Get('exempt-senders')
  exemptions(@Web(ADMIN_FACE) view: AdminView): Promise<WebPage> {
    return this.exemptionsPage(view);
  }

  @Post('exempt-senders')
  @HttpCode(200)
  async grant(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Body() form: Form | undefined): Promise<WebPage> {
    const given = {
      organisation: field(form, 'organisation'),
      kind: field(form, 'kind'),
      registrationNumber: { scheme: field(form, 'scheme'), value: field(form, 'number') },
      senders: [{ channel: field(form, 'channel'), senderId: field(form, 'senderId') }],
      validFrom: field(form, 'validFrom'),
      ...(field(form, 'validTo') ? { validTo: field(form, 'validTo') } : {}),
      legalBasis: field(form, 'legalBasis'),
    };
    return orRefusal(async () => {
      const checked = await validateIysBody(GrantSenderExemptionDto, given, { unknownFields: 'strip' });
      if (!checked.ok) return this.exemptionsPage(view, refused(checked.errors[0]));
      await this.commands.execute(grantSenderExemptionCommand(checked.value, admin.userId));
      return this.exemptionsPage(view, { kind: 'ok', text: view.t('common.saved') });
    }, (refusal) => this.exemptionsPage(view, refused(refusal)));
  }

  @Post('exempt-senders/:exemptionId/end')
  @HttpCode(200)
  async end(@Web(ADMIN_FACE) view: AdminView, @CurrentPrincipal() admin: Principal, @Param('exemptionId') exemptionId: string): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      if (!UUID.test(exemptionId)) return this.exemptionsPage(view, { kind: 'error', text: 'H732' });
      await this.commands.execute(new EndSenderExemptionCommand(exemptionId.toLowerCase(), admin.userId, undefined));
      return redirectTo('/admin/exempt-senders');
    }, (refusal) => this.exemptionsPage(view, refused(refusal)));
  }

  private async reviewPage(view: AdminView, status: string | undefined, notice?: Notice): Promise<WebPage> {
    const t = view.t;
    const chosen = STATUSES.find((s) => s === status) ?? (status === 'all' ? undefined : status === undefined ? 'pending' : undefined);
    const applications: ApplicationListItem[] = await this.queries.execute(new ListApplicationsQuery(chosen));
    const main = html`<h1>${t('review.title')}</h1>
${noticeBlock(notice)}
${view.form(
  '/admin/review',
  html`<label for="status">${t('review.status')}</label><select id="status" name="status" data-autosubmit><option value="all"${chosen === undefined ? html` selected` : ''}>${t('common.any')}</option>${STATUSES.map((s) => html`<option value="${s}"${s === chosen ? html` selected` : ''}>${t(`review.status.${s}`)}</option>`)}</select> <button type="submit">${t('common.filter')}</button>`,
  { method: 'get', label: t('common.filter') },
)}
${applications.length === 0 ? html`<p>${t('common.none')}</p>` : applications.map((application, index) => applicationCard(view, application, index))}`;
    return view.page(t('review.title'), main, { status: notice?.kind === 'error' ? 422 : 200 });
  }

  private async providersPage(view: AdminView, offset: string | undefined, notice?: Notice): Promise<WebPage> {
    const t = view.t;
    const paging = parsePaging({ offset }, { maxLimit: PAGE, defaultLimit: PAGE });
    const providers: ServiceProviderPage = await this.queries.execute(new ListServiceProvidersQuery(paging.offset, PAGE));
    const main = html`<h1>${t('providers.title')}</h1>
${noticeBlock(notice)}
${providers.items.length === 0
  ? html`<p>${t('common.none')}</p>`
  : html`<div class="table-scroll"><table><caption class="visually-hidden">${t('providers.title')}</caption>
<thead><tr><th scope="col">${t('providers.col.iysCode')}</th><th scope="col">${t('providers.col.title')}</th><th scope="col">${t('providers.col.activation')}</th><th scope="col">${t('providers.col.brands')}</th><th scope="col">${t('providers.col.change')}</th></tr></thead>
<tbody>${providers.items.map(
      (provider) => html`<tr><td>${provider.iysCode}</td><td>${provider.title}</td><td>${provider.activationDate}</td><td>${provider.activeBrands}</td>
<td>${view.form(
        `/admin/providers/${provider.iysCode}/activation-date`,
        html`<label class="visually-hidden" for="activation-${provider.iysCode}">${t('providers.newDate', { iysCode: provider.iysCode })}</label><input id="activation-${provider.iysCode}" name="activationDate" type="text" required maxlength="32" value="${provider.activationDate}"> <button type="submit">${t('providers.save')}<span class="visually-hidden"> ${provider.iysCode}</span></button>`,
        { className: 'inline-form' },
      )}</td></tr>`,
    )}</tbody></table></div>`}
<p class="pager">${providers.offset > 0 ? html`<a href="/admin/providers?offset=${Math.max(0, providers.offset - providers.limit)}">${t('common.previous')}</a> ` : ''}${providers.more ? html`<a href="/admin/providers?offset=${providers.offset + providers.limit}">${t('common.next')}</a>` : ''}</p>`;
    return view.page(t('providers.title'), main, { status: notice?.kind === 'error' ? 422 : 200 });
  }

  private async exemptionsPage(view: AdminView, notice?: Notice): Promise<WebPage> {
    const t = view.t;
    const exemptions: SenderExemptionView[] = await this.queries.execute(new ListSenderExemptionsQuery());
    const when = (iso: string) => formatIysDateTime(new Date(iso));
    const main = html`<h1>${t('exemptions.title')}</h1>
<p>${t('exemptions.intro')}</p>
${noticeBlock(notice)}
${exemptions.length === 0
  ? html`<p>${t('common.none')}</p>`
  : html`<div class="table-scroll"><table><caption class="visually-hidden">${t('exemptions.title')}</caption>
<thead><tr><th scope="col">${t('exemptions.col.organisation')}</th><th scope="col">${t('exemptions.col.kind')}</th><th scope="col">${t('exemptions.col.senders')}</th><th scope="col">${t('exemptions.col.validity')}</th><th scope="col">${t('exemptions.col.basis')}</th><th scope="col"><span class="visually-hidden">${t('exemptions.end')}</span></th></tr></thead>
<tbody>${exemptions.map(
      (exemption) => html`<tr><td>${exemption.organisation}<br><small>${exemption.registrationNumber.scheme} ${exemption.registrationNumber.value}</small></td><td>${exemption.kind}</td>
<td>${exemption.senders.map((s) => `${s.channel}: ${s.senderId}`).join(', ')}</td><td>${when(exemption.validFrom)} – ${exemption.validTo ? when(exemption.validTo) : t('exemptions.open')}</td><td>${exemption.legalBasis}</td>
<td>${exemption.validTo === null || Date.parse(exemption.validTo) > this.clock.now().getTime() ? view.form(`/admin/exempt-senders/${exemption.exemptionId}/end`, html`<button type="submit" class="secondary">${t('exemptions.end')}<span class="visually-hidden"> ${exemption.organisation}</span></button>`, { confirm: t('exemptions.endConfirm') }) : ''}</td></tr>`,
    )}</tbody></table></div>`}
<h2>${t('exemptions.grant')}</h2>
${view.form(
  '/admin/exempt-senders',
  html`<label for="organisation">${t('exemptions.organisation')}</label><input id="organisation" name="organisation" type="text" required maxlength="500">
<label for="kind">${t('exemptions.kind')}</label><select id="kind" name="kind">${EXEMPTION_KINDS.map((kind) => html`<option value="${kind}">${kind}</option>`)}</select>
<label for="scheme">${t('exemptions.scheme')}</label><select id="scheme" name="scheme"><option value="VKN">VKN</option><option value="MERSIS">MERSİS</option></select>
<label for="number">${t('exemptions.number')}</label><input id="number" name="number" type="text" inputmode="numeric" required maxlength="16">
<label for="channel">${t('exemptions.channel')}</label><select id="channel" name="channel"><option value="MESAJ">MESAJ</option><option value="ARAMA">ARAMA</option><option value="EPOSTA">EPOSTA</option></select>
<label for="senderId">${t('exemptions.senderId')}</label><input id="senderId" name="senderId" type="text" required maxlength="255">
<label for="validFrom">${t('exemptions.validFrom')}</label><input id="validFrom" name="validFrom" type="text" required maxlength="40">
<label for="validTo">${t('exemptions.validTo')}</label><input id="validTo" name="validTo" type="text" maxlength="40">
<label for="legalBasis">${t('exemptions.legalBasis')}</label><input id="legalBasis" name="legalBasis" type="text" required maxlength="500">
<div class="actions"><button type="submit">${t('exemptions.submit')}</button></div>`,
  { label: t('exemptions.grant') },
)}`;
    return view.page(t('exemptions.title'), main, { status: notice?.kind === 'error' ? 422 : 200 });
  }
}

function applicationCard(view: AdminView, application: ApplicationListItem, index: number): HtmlValue {
  const t = view.t;
  const id = `application-${index + 1}`;
  const base = `/admin/review/${application.applicationId}`;
  return html`<section class="card application" aria-labelledby="${id}" data-application="${application.applicationId}">
<h2 id="${id}">${application.title}</h2>
<dl class="facts">
<dt>${t('review.col.submitted')}</dt><dd>${application.submittedAt}</dd>
<dt>${t('review.col.mersis')}</dt><dd>${application.mersis}</dd>
<dt>${t('review.col.brands')}</dt><dd>${application.brands.join(', ')}</dd>
<dt>${t('review.col.status')}</dt><dd>${t(`review.status.${application.status as 'pending' | 'approved' | 'rejected'}`)}${application.iysCode ? html` · ${t('review.iysCode', { iysCode: application.iysCode })}` : ''}${application.rejectionReason ? html` · ${application.rejectionReason}` : ''}</dd>
</dl>
${application.status === 'pending'
  ? html`<div class="decision-forms">
${view.form(
  `${base}/approve`,
  html`<label for="activation-${index}">${t('review.activationDate')}</label><p class="hint" id="activation-hint-${index}">${t('review.activationHint')}</p><input id="activation-${index}" name="activationDate" type="text" maxlength="32" aria-describedby="activation-hint-${index}"><div class="actions"><button type="submit">${t('review.approve')}</button></div>`,
  { confirm: t('review.approveConfirm'), label: `${t('review.approve')}: ${application.title}` },
)}
${view.form(
  `${base}/reject`,
  html`<label for="reason-${index}">${t('review.reason')}</label><textarea id="reason-${index}" name="reason" required minlength="3" maxlength="1000" rows="2"></textarea><div class="actions"><button type="submit" class="secondary">${t('review.reject')}</button></div>`,
  { label: `${t('review.reject')}: ${application.title}` },
)}
</div>`
  : ''}
</section>`;
}
