import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, IysValidationPipe, validateIysBody } from '@iys/platform/nest';
import { AUTHORITY_FACE, barChart, html, redirectTo, orRefusal, Web, WebController, type AuthorityView, type HtmlValue, type WebPage, type WebRedirect } from '@iys/platform/web';
import { CloseComplaintCommand } from '../../application/commands/close-complaint/close-complaint.command.js';
import { DecideComplaintCommand } from '../../application/commands/decide-complaint/decide-complaint.command.js';
import { RequestDefenseCommand } from '../../application/commands/request-defense/request-defense.command.js';
import type { ComplaintDetail, ComplaintSummary } from '../../application/complaint-views.js';
import type { ComplaintCharts } from '../../application/queries/get-complaint-charts/get-complaint-charts.handler.js';
import { GetComplaintChartsQuery } from '../../application/queries/get-complaint-charts/get-complaint-charts.query.js';
import type { ComplaintStats } from '../../application/queries/get-complaint-stats/get-complaint-stats.handler.js';
import { GetComplaintStatsQuery } from '../../application/queries/get-complaint-stats/get-complaint-stats.query.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListComplaintQueueQuery, type QueuePage } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { DEFAULT_DEFENSE_DAYS } from '../../domain/complaint.decider.js';
import { DECISION_OUTCOMES } from '../../domain/complaint.events.js';
import { queueFilter } from '../http/complaint-http.js';
import { ComplaintDecisionDto, QueueQuery } from '../http/dto/complaint.request.dto.js';

type Form = Record<string, unknown>;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');
const STATUSES = ['RECEIVED', 'DEFENSE_REQUESTED', 'DEFENSE_SUBMITTED', 'DECIDED', 'WITHDRAWN', 'CLOSED'];
const CHANNELS = ['MESAJ', 'ARAMA', 'EPOSTA'];
const PAGE = 25;

/**
 * The authority console's complaint pages (docs/adr/0056): the queue within the user's province
 * scope, one complaint with its decision forms, and the statistics drawn as server-side SVG charts.
 * Each page sends the same query or command as `/complaints…` of the API, with the same role
 * (authority) and the same scope (a provincial user never sees another province).
 */
@WebController(AUTHORITY_FACE, 'authority')
@AllowRoles('authority')
export class ComplaintConsoleController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  @Get('complaints')
  async queue(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal, @Query(new IysValidationPipe(QueueQuery)) query: QueueQuery): Promise<WebPage> {
    const filter = queueFilter({ ...query, limit: PAGE });
    const page: QueuePage = await this.queries.execute(new ListComplaintQueueQuery({ kind: 'authority', principal }, filter));
    return view.page(view.t('complaints.title'), queuePage(view, query, page));
  }

  @Get('complaints/:complaintId')
  async complaint(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string): Promise<WebPage> {
    const detail: ComplaintDetail = await this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'authority', principal }));
    return view.page(view.t('complaint.title'), complaintPage(view, detail));
  }

  @Post('complaints/:complaintId/decision')
  @HttpCode(200)
  async decide(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    const fine = field(form, 'fineAmount').replace(',', '.');
    const given = {
      outcome: field(form, 'outcome'),
      justification: field(form, 'justification'),
      ...(fine ? { fineAmount: Number(fine) } : {}),
      ...(field(form, 'legalBasis') ? { legalBasis: field(form, 'legalBasis') } : {}),
      ...(field(form, 'mergedInto') ? { mergedInto: field(form, 'mergedInto') } : {}),
    };
    return this.act(view, principal, complaintId, async () => {
      const decision = await validateIysBody(ComplaintDecisionDto, given, { unknownFields: 'strip' });
      if (!decision.ok) return decision.errors[0];
      await this.commands.execute(new DecideComplaintCommand(principal, complaintId, decision.value));
      return undefined;
    });
  }

  @Post('complaints/:complaintId/defense-request')
  @HttpCode(200)
  async requestDefense(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    const days = Number(field(form, 'deadlineDays') || DEFAULT_DEFENSE_DAYS);
    return this.act(view, principal, complaintId, async () => {
      await this.commands.execute(new RequestDefenseCommand(principal, complaintId, days));
      return undefined;
    });
  }

  @Post('complaints/:complaintId/closure')
  @HttpCode(200)
  async close(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal, @Param('complaintId') complaintId: string): Promise<WebPage | WebRedirect> {
    return this.act(view, principal, complaintId, async () => {
      await this.commands.execute(new CloseComplaintCommand(principal, complaintId));
      return undefined;
    });
  }

  @Get('statistics')
  async statistics(@Web(AUTHORITY_FACE) view: AuthorityView, @CurrentPrincipal() principal: Principal): Promise<WebPage> {
    const charts: ComplaintCharts = await this.queries.execute(new GetComplaintChartsQuery(principal, 12));
    const stats: ComplaintStats = await this.queries.execute(new GetComplaintStatsQuery(principal));
    return view.page(view.t('statistics.title'), statisticsPage(view, charts, stats));
  }

  /** Runs a form's command; a refusal is shown on the complaint's page beside its forms, success goes back to it. */
  private async act(view: AuthorityView, principal: Principal, complaintId: string, run: () => Promise<{ code: string; message: string } | undefined>): Promise<WebPage | WebRedirect> {
    const refusal = await orRefusal(run, (refused) => refused);
    if (!refusal) return redirectTo(`/authority/complaints/${encodeURIComponent(complaintId)}`);
    const detail: ComplaintDetail = await this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'authority', principal }));
    return view.page(view.t('complaint.title'), complaintPage(view, detail, refusal), { status: 422 });
  }
}

function options(values: readonly string[], selected: string | undefined, anyLabel: string): HtmlValue {
  return html`<option value="">${anyLabel}</option>${values.map((value) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${value}</option>`)}`;
}

function queuePage(view: AuthorityView, query: QueueQuery, page: QueuePage): HtmlValue {
  const t = view.t;
  const link = (offset: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ status: query.status, province: query.province, channel: query.channel })) if (value !== undefined) params.set(key, String(value));
    params.set('offset', String(offset));
    return `/authority/complaints?${params.toString()}`;
  };
  return html`<h1>${t('complaints.title')}</h1>
${view.form(
  '/authority/complaints',
  html`<div class="filters">
<div><label for="status">${t('complaints.status')}</label><select id="status" name="status" data-autosubmit>${options(STATUSES, query.status, t('complaints.any'))}</select></div>
<div><label for="channel">${t('complaints.channel')}</label><select id="channel" name="channel" data-autosubmit>${options(CHANNELS, query.channel, t('complaints.any'))}</select></div>
<div><label for="province">${t('complaints.province')}</label><input id="province" name="province" type="number" min="1" max="81" value="${query.province ?? ''}"></div>
<div class="actions"><button type="submit">${t('complaints.filter')}</button></div></div>`,
  { method: 'get', label: t('complaints.filter') },
)}
${page.complaints.length === 0
  ? html`<p>${t('complaints.none')}</p>`
  : html`<div class="table-scroll"><table><caption class="visually-hidden">${t('complaints.title')}</caption>
<thead><tr><th scope="col">${t('complaints.col.filed')}</th><th scope="col">${t('complaints.col.status')}</th><th scope="col">${t('complaints.col.province')}</th><th scope="col">${t('complaints.col.channel')}</th><th scope="col">${t('complaints.col.sender')}</th><th scope="col">${t('complaints.col.provider')}</th><th scope="col">${t('complaints.col.assessment')}</th><th scope="col"><span class="visually-hidden">${t('complaints.open')}</span></th></tr></thead>
<tbody>${page.complaints.map((c: ComplaintSummary) => html`<tr><td>${c.filedAt}</td><td>${c.status}</td><td>${c.province}</td><td>${c.channel}</td><td>${c.sender}</td><td>${c.iysCode ?? '—'} / ${c.brandCode ?? '—'}</td><td>${c.assessment ?? '—'}</td><td><a href="/authority/complaints/${c.complaintId}">${t('complaints.open')}<span class="visually-hidden"> ${c.filedAt}</span></a></td></tr>`)}</tbody></table></div>`}
<p class="pager">${page.offset > 0 ? html`<a href="${link(Math.max(0, page.offset - page.limit))}">${t('complaints.previous')}</a> ` : ''}${page.more ? html`<a href="${link(page.offset + page.limit)}">${t('complaints.next')}</a>` : ''}</p>`;
}

function complaintPage(view: AuthorityView, detail: ComplaintDetail, refusal?: { code: string; message: string }): HtmlValue {
  const t = view.t;
  const base = `/authority/complaints/${detail.complaintId}`;
  const open = !['DECIDED', 'WITHDRAWN', 'CLOSED'].includes(detail.status);
  return html`<h1>${t('complaint.title')}</h1>
${refusal ? html`<div class="alert" role="alert" id="form-error">${refusal.code}: ${refusal.message}</div>` : ''}
<dl class="facts">
<dt>${t('complaints.col.status')}</dt><dd>${detail.status}</dd>
<dt>${t('complaints.col.filed')}</dt><dd>${detail.filedAt}</dd>
<dt>${t('complaints.col.province')}</dt><dd>${detail.province}</dd>
<dt>${t('complaints.col.channel')}</dt><dd>${detail.channel}</dd>
<dt>${t('complaint.recipient')}</dt><dd>${detail.recipient ?? '—'}</dd>
<dt>${t('complaints.col.sender')}</dt><dd>${detail.sender}</dd>
<dt>${t('complaint.messageDate')}</dt><dd>${detail.messageDate}</dd>
<dt>${t('complaints.col.provider')}</dt><dd>${detail.iysCode ?? '—'} / ${detail.brandCode ?? '—'}</dd>
<dt>${t('complaints.col.assessment')}</dt><dd>${detail.assessment ?? '—'}</dd>
</dl>
${evidenceSection(view, detail)}
<h2>${t('complaint.content')}</h2><blockquote>${detail.content ?? '—'}</blockquote>
<h2>${t('complaint.defense')}</h2>${detail.defense ? html`<p>${detail.defense.submittedAt}</p><blockquote>${detail.defense.text ?? ''}</blockquote>` : html`<p>${t('complaint.noDefense')}</p>`}
${detail.decision ? html`<h2>${t('complaint.decision')}</h2><p>${t('complaint.decided', { outcome: t(`outcome.${detail.decision.outcome}` as never) })} · ${detail.decision.decidedAt}${detail.decision.fineAmount ? html` · ${view.number(detail.decision.fineAmount)} TL` : ''}</p><blockquote>${detail.decision.justification ?? ''}</blockquote>` : ''}
${open && detail.status === 'RECEIVED'
  ? view.form(`${base}/defense-request`, html`<h3>${t('complaint.requestDefense')}</h3><label for="deadlineDays">${t('complaint.deadlineDays')}</label><input id="deadlineDays" name="deadlineDays" type="number" min="1" max="60" value="${DEFAULT_DEFENSE_DAYS}"><div class="actions"><button type="submit">${t('complaint.requestDefense')}</button></div>`, { label: t('complaint.requestDefense') })
  : ''}
${open
  ? view.form(
      `${base}/decision`,
      html`<h3>${t('complaint.decide')}</h3>
<label for="outcome">${t('complaint.outcome')}</label><select id="outcome" name="outcome" required>${DECISION_OUTCOMES.map((o) => html`<option value="${o}">${t(`outcome.${o}` as never)}</option>`)}</select>
<label for="fineAmount">${t('complaint.fineAmount')}</label><input id="fineAmount" name="fineAmount" type="text" inputmode="decimal">
<label for="legalBasis">${t('complaint.legalBasis')}</label><input id="legalBasis" name="legalBasis" type="text" maxlength="300">
<label for="mergedInto">${t('complaint.mergedInto')}</label><input id="mergedInto" name="mergedInto" type="text" maxlength="36">
<label for="justification">${t('complaint.justification')}</label><textarea id="justification" name="justification" required maxlength="5000" rows="4"></textarea>
<div class="actions"><button type="submit">${t('complaint.decide')}</button></div>`,
      { label: t('complaint.decide') },
    )
  : ''}
${detail.status === 'DECIDED' ? view.form(`${base}/closure`, html`<div class="actions"><button type="submit">${t('complaint.close')}</button></div>`, { label: t('complaint.close') }) : ''}`;
}

/** The consent as the registry knew it at the message time (stored with the complaint), and the rule that assessed it. */
function evidenceSection(view: AuthorityView, detail: ComplaintDetail): HtmlValue {
  const t = view.t;
  const evidence = 'consentAsOf' in detail ? (detail.consentAsOf as { state?: string; proof?: unknown[]; chain?: { ok?: boolean } } | null) : null;
  const rule = 'assessmentDetail' in detail ? (detail.assessmentDetail as { rule?: string; article?: string } | null) : null;
  if (!evidence) return html`<h2>${t('complaint.evidence')}</h2><p>${t('complaint.noEvidence')}</p>`;
  return html`<h2>${t('complaint.evidence')}</h2>
<p>${t('complaint.evidenceState', { state: evidence.state ?? '—' })}</p>
<p>${t('complaint.evidenceChain', { chain: evidence.chain?.ok === false ? t('chain.broken') : t('chain.intact'), count: evidence.proof?.length ?? 0 })}</p>
${rule ? html`<p>${t('complaint.rule', { rule: rule.rule ?? '—', article: rule.article ?? '—' })}</p>` : ''}`;
}

function statisticsPage(view: AuthorityView, charts: ComplaintCharts, stats: ComplaintStats): HtmlValue {
  const t = view.t;
  const format = (value: number) => view.number(value);
  const single = (title: string, categories: string[], values: number[]) =>
    barChart({ title, categories, series: [{ label: t('statistics.complaints'), values }], format, height: 220 });
  return html`<h1>${t('statistics.title')}</h1>
<p>${charts.province === null ? t('statistics.scopeMinistry') : t('statistics.scopeProvince', { province: charts.province })} · ${t('statistics.total', { total: view.number(charts.total) })}</p>
<h2>${t('statistics.weekly')}</h2>
${barChart({
  title: t('statistics.weekly'),
  categories: charts.byWeek.map((week) => week.weekStart.slice(5)),
  series: [
    { label: t('statistics.filed'), values: charts.byWeek.map((week) => week.filed) },
    { label: t('statistics.decidedSeries'), values: charts.byWeek.map((week) => week.decided) },
  ],
  format,
})}
<div class="chart-grid">
<section><h2>${t('statistics.byStatus')}</h2>${single(t('statistics.byStatus'), charts.byStatus.map((row) => row.status), charts.byStatus.map((row) => row.complaints))}</section>
<section><h2>${t('statistics.byProvince')}</h2>${single(t('statistics.byProvince'), charts.byProvince.map((row) => String(row.province)), charts.byProvince.map((row) => row.complaints))}</section>
<section><h2>${t('statistics.byOutcome')}</h2>${single(t('statistics.byOutcome'), charts.byOutcome.map((row) => t(`outcome.${row.outcome}` as never)), charts.byOutcome.map((row) => row.complaints))}</section>
</div>
<h2>${t('statistics.byProvider')}</h2>
<div class="table-scroll"><table><caption class="visually-hidden">${t('statistics.byProvider')}</caption>
<thead><tr><th scope="col">${t('statistics.col.month')}</th><th scope="col">${t('statistics.col.provider')}</th><th scope="col">${t('statistics.col.complaints')}</th><th scope="col">${t('statistics.col.decided')}</th><th scope="col">${t('statistics.col.justified')}</th><th scope="col">${t('statistics.col.median')}</th></tr></thead>
<tbody>${stats.rows.map((row) => html`<tr><td>${row.month}</td><td>${row.iysCode === null ? t('statistics.unresolved') : `${row.iysCode} / ${row.brandCode ?? '—'}`}</td><td>${row.complaints}</td><td>${row.decided}</td><td>${row.justifiedShare === null ? '—' : `${Math.round(row.justifiedShare * 100)} %`}</td><td>${row.medianDaysToDecision ?? '—'}</td></tr>`)}</tbody></table></div>`;
}
