import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { istanbulDay, type Principal } from '@iys/platform/building-blocks';
import { CurrentPrincipal, IntegerParamPipe, ProviderScoped, validateIysBody } from '@iys/platform/nest';
import { html, isUploadedFile, joinHtml, PANEL_FACE, redirectTo, orRefusal, refusalOf, Web, WebContent, WebController, WebDownload, type HtmlValue, type PanelView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { AddConsentCommand } from '../../application/commands/add-consent/add-consent.command.js';
import type { AddConsentResult } from '../../application/commands/add-consent/add-consent.handler.js';
import { StageConsentUploadCommand } from '../../application/commands/stage-consent-upload/stage-consent-upload.command.js';
import type { StagedUpload } from '../../application/commands/stage-consent-upload/stage-consent-upload.handler.js';
import { SubmitConsentUploadCommand } from '../../application/commands/submit-consent-upload/submit-consent-upload.command.js';
import type { ConsentUploadView } from '../../application/queries/get-consent-upload/get-consent-upload.handler.js';
import { GetConsentUploadQuery } from '../../application/queries/get-consent-upload/get-consent-upload.query.js';
import { GetBrandGateStatsQuery } from '../../application/queries/get-brand-gate-stats/get-brand-gate-stats.query.js';
import type { ConsentStatusResult } from '../../application/queries/get-consent-status/get-consent-status.handler.js';
import { GetConsentStatusQuery } from '../../application/queries/get-consent-status/get-consent-status.query.js';
import type { ConsentChange } from '../../application/queries/pull-consent-changes/pull-consent-changes.handler.js';
import { PullConsentChangesQuery } from '../../application/queries/pull-consent-changes/pull-consent-changes.query.js';
import type { GateCounter } from '../../application/gate/gate-records.js';
import { CONSENT_STATUSES, CONSENT_TYPES, PROVIDER_SOURCES, RECIPIENT_TYPES } from '../../domain/consent.events.js';
import { uploadError } from '../../domain/consent-upload.decider.js';
import { AddConsentDto, ConsentStatusQueryDto } from '../http/dto/consent.request.dto.js';
import { consentUploadResultCsv, readConsentUpload } from '../upload/consent-upload-reader.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Form = Record<string, unknown>;
const field = (form: Form | undefined, name: string): string | undefined => (typeof form?.[name] === 'string' && (form[name] as string).trim() !== '' ? (form[name] as string).trim() : undefined);
const fieldsOf = (form: Form | undefined, names: readonly string[]) => Object.fromEntries(names.flatMap((name) => (field(form, name) === undefined ? [] : [[name, field(form, name)]])));

/**
 * The panel's consent pages for one brand: look up (C2) and add (C1) one consent, the bulk upload
 * (read → StageConsentUpload preview → SubmitConsentUpload as C3 batches → progress → result file),
 * the change feed (C6, İYS-source changes), the gate's statistics. Forms are checked by the API's
 * own DTOs; every action is the API's use case; authorisation is the API's (@ProviderScoped).
 */
@WebController(PANEL_FACE)
export class PanelConsentsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('panel/:iysCode/brands/:brandCode/consents')
  @ProviderScoped('iysCode')
  consents(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): WebPage {
    return consentsPage(view, iysCode, brandCode);
  }

  /** C2 as a POST form: the address never enters a URL. */
  @Post('panel/:iysCode/brands/:brandCode/consents/search')
  @HttpCode(200)
  @ProviderScoped('iysCode', { read: true })
  search(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number, @Body() form: Form | undefined): Promise<WebPage> {
    return this.answerForm(view, iysCode, brandCode, ConsentStatusQueryDto, fieldsOf(form, ['recipient', 'recipientType', 'type']), async (query) => {
      const found: ConsentStatusResult = await this.queries.execute(new GetConsentStatusQuery(iysCode, brandCode, query.recipient, query.recipientType, query.type));
      return view.t('consent.found', { status: found.status, date: found.consentDate, source: found.source });
    });
  }

  @Post('panel/:iysCode/brands/:brandCode/consents')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  async add(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body() form: Form | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebPage> {
    return this.answerForm(view, iysCode, brandCode, AddConsentDto, fieldsOf(form, ['recipient', 'recipientType', 'type', 'status', 'consentDate', 'source']), async (consent) => {
      const added: AddConsentResult = await this.commands.execute(new AddConsentCommand(iysCode, brandCode, consent, principal));
      return view.t('consent.added', { transactionId: added.transactionId });
    });
  }

  /**
   * A consent form checked by the API's own DTO, then run through its use case; the page shows the
   * use case's notice, or either refusal (bad input or a rule) beside the form with its İYS code.
   */
  private async answerForm<T extends object>(
    view: PanelView,
    iysCode: number,
    brandCode: number,
    dto: new () => T,
    fields: Form,
    run: (value: T) => Promise<string>,
  ): Promise<WebPage> {
    const checked = await validateIysBody(dto, fields);
    if (!checked.ok) return consentsPage(view, iysCode, brandCode, { error: checked.errors.map((e) => `${e.code}: ${e.message}`).join(' '), status: 422 });
    return orRefusal(async () => {
      return consentsPage(view, iysCode, brandCode, { notice: await run(checked.value) });
    }, (refusal) => consentsPage(view, iysCode, brandCode, { error: `${refusal.code}: ${refusal.message}`, status: 422 }));
  }

  @Get('panel/:iysCode/brands/:brandCode/upload')
  @ProviderScoped('iysCode')
  uploadForm(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): WebPage {
    return uploadPage(view, iysCode, brandCode);
  }

  @Post('panel/:iysCode/brands/:brandCode/upload')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  async upload(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body() form: Form | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebPage | WebRedirect> {
    return orRefusal(async () => {
      const file = form?.file;
      if (!isUploadedFile(file) || file.data.length === 0) throw uploadError('H822');
      const format = /\.csv$/i.test(file.filename) || /csv/i.test(file.contentType) ? 'csv' : 'xlsx';
      const rows = await readConsentUpload(file.data, format);
      const staged: StagedUpload = await this.commands.execute(new StageConsentUploadCommand(iysCode, brandCode, rows, principal));
      return redirectTo(`/panel/${iysCode}/brands/${brandCode}/uploads/${staged.uploadId}`);
    }, (refusal) => uploadPage(view, iysCode, brandCode, `${refusal.code}: ${refusal.message}`, 422));
  }

  @Get('panel/:iysCode/brands/:brandCode/uploads/:uploadId')
  @ProviderScoped('iysCode')
  async uploadState(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number, @Param('uploadId') uploadId: string): Promise<WebPage> {
    const upload = await this.uploadOf(iysCode, brandCode, uploadId);
    const t = view.t;
    const base = `/panel/${iysCode}/brands/${brandCode}/uploads/${uploadId}`;
    const problems = upload.problems.length
      ? html`<div class="table-scroll"><table id="upload-problems"><caption class="visually-hidden">${t('upload.summary', { rows: upload.rowCount, bad: new Set(upload.problems.map((p) => p.row)).size })}</caption><thead><tr><th scope="col">${t('upload.row')}</th><th scope="col">${t('upload.code')}</th><th scope="col">${t('upload.message')}</th></tr></thead><tbody>${joinHtml(
          upload.problems.map((p) => html`<tr><td>${p.row}</td><td>${p.code}</td><td>${p.message}</td></tr>`),
        )}</tbody></table></div>`
      : html`<p>${t('upload.noProblems')}</p>`;
    if (upload.status === 'staged') {
      return view.page(
        t('upload.previewTitle'),
        html`<h1>${t('upload.previewTitle')}</h1>
<p role="status" id="upload-summary">${t('upload.summary', { rows: upload.rowCount, bad: new Set(upload.problems.map((p) => p.row)).size })}</p>
${problems}
${view.form(`${base}/submit`, html`<button type="submit">${t('upload.submit')}</button>`, { confirm: t('upload.confirm') })}`,
      );
    }
    const { progress } = upload;
    const processed = upload.rowCount - progress.pending;
    return view.page(
      t('upload.progressTitle'),
      html`<h1>${t('upload.progressTitle')}</h1>
<div id="upload-progress"${progress.done ? '' : html` data-poll="${base}/progress" data-done-href="${base}"`}>
<label for="upload-bar">${t('upload.progress')}</label>
<progress id="upload-bar" max="100" value="${percent(upload)}">${percent(upload)}%</progress>
<p data-poll-label role="status" aria-live="polite">${progress.done ? t('upload.done', { succeeded: progress.succeeded, failed: progress.failed + progress.refused }) : t('upload.progressLabel', { done: processed, rows: upload.rowCount })}</p>
</div>
${progress.done ? html`<p><a class="button" id="upload-result" href="${base}/result.csv" download>${t('upload.download')}</a></p>` : html`<p><a href="${base}">${t('upload.refresh')}</a></p>`}
${problems}`,
    );
  }

  @Post('panel/:iysCode/brands/:brandCode/uploads/:uploadId/submit')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  async submitUpload(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('uploadId') uploadId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebRedirect | WebPage> {
    if (!UUID.test(uploadId)) throw uploadError('H820');
    try {
      await this.commands.execute(new SubmitConsentUploadCommand(iysCode, brandCode, uploadId, principal));
    } catch (error) {
      // A second submit (a double click) finds the upload already on its way: show where it is.
      if (refusalOf(error)?.code !== 'H821') throw error;
    }
    return redirectTo(`/panel/${iysCode}/brands/${brandCode}/uploads/${uploadId}`);
  }

  /** The progress bar's JSON (web.js data-poll): percent, label, done. */
  @Get('panel/:iysCode/brands/:brandCode/uploads/:uploadId/progress')
  @ProviderScoped('iysCode')
  async uploadProgress(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number, @Param('uploadId') uploadId: string): Promise<WebContent> {
    const upload = await this.uploadOf(iysCode, brandCode, uploadId);
    const { progress } = upload;
    const label = progress.done
      ? view.t('upload.done', { succeeded: progress.succeeded, failed: progress.failed + progress.refused })
      : view.t('upload.progressLabel', { done: upload.rowCount - progress.pending, rows: upload.rowCount });
    return new WebContent('application/json; charset=utf-8', JSON.stringify({ percent: percent(upload), label, done: progress.done }), 0);
  }

  @Get('panel/:iysCode/brands/:brandCode/uploads/:uploadId/result.csv')
  @ProviderScoped('iysCode')
  async uploadResult(@Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number, @Param('uploadId') uploadId: string): Promise<WebDownload> {
    const upload = await this.uploadOf(iysCode, brandCode, uploadId);
    return new WebDownload('text/csv; charset=utf-8', `iys-yukleme-${uploadId}.csv`, consentUploadResultCsv(upload.outcomes));
  }

  @Get('panel/:iysCode/brands/:brandCode/changes')
  @ProviderScoped('iysCode')
  async changes(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Query() query: Record<string, unknown>,
  ): Promise<WebPage> {
    const t = view.t;
    const type = typeof query.type === 'string' && (CONSENT_TYPES as readonly string[]).includes(query.type) ? query.type : '';
    const status = typeof query.status === 'string' && (CONSENT_STATUSES as readonly string[]).includes(query.status) ? query.status : '';
    const after = typeof query.after === 'string' && query.after.length <= 200 ? query.after : undefined;
    let feed: { after: string; list: ConsentChange[] } = { after: after ?? '', list: [] };
    const error = await orRefusal(async () => {
      feed = await this.queries.execute(new PullConsentChangesQuery(iysCode, brandCode, 'IYS', after, 100));
      return undefined;
    }, (refusal) => `${refusal.code}: ${refusal.message}`);
    const shown = feed.list.filter((c) => (!type || c.type === type) && (!status || c.status === status));
    const base = `/panel/${iysCode}/brands/${brandCode}/changes`;
    const next = new URLSearchParams({ ...(type ? { type } : {}), ...(status ? { status } : {}), after: feed.after });
    return view.page(
      t('changes.title'),
      html`<h1>${t('changes.title')}</h1>
${error ? html`<div class="alert" role="alert">${error}</div>` : ''}
<form method="get" action="${base}" class="filters">
${select('type', t('changes.filterType'), type, CONSENT_TYPES, t('changes.all'))}
${select('status', t('changes.filterStatus'), status, CONSENT_STATUSES, t('changes.all'))}
<div class="actions"><button type="submit">${t('changes.filter')}</button></div>
</form>
${shown.length
  ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${t('changes.date')}</th><th scope="col">${t('consent.recipient')}</th><th scope="col">${t('consent.recipientType')}</th><th scope="col">${t('consent.type')}</th><th scope="col">${t('consent.status')}</th><th scope="col">${t('consent.source')}</th></tr></thead><tbody>${joinHtml(
      shown.map((c) => html`<tr><td>${c.consentDate}</td><td>${c.recipient}</td><td>${c.recipientType}</td><td>${c.type}</td><td>${c.status}</td><td>${c.source}</td></tr>`),
    )}</tbody></table></div>`
  : html`<p>${t('changes.none')}</p>`}
${feed.list.length > 0 ? html`<p><a href="${base}?${next.toString()}">${t('changes.more')}</a></p>` : ''}
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    );
  }

  @Get('panel/:iysCode/brands/:brandCode/gate')
  @ProviderScoped('iysCode')
  async gate(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Query() query: Record<string, unknown>,
  ): Promise<WebPage> {
    const t = view.t;
    const day = typeof query.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.day) ? query.day : istanbulDay(new Date());
    let stats: { day: string; counters: GateCounter[] } = { day, counters: [] };
    const error = await orRefusal(async () => {
      stats = await this.queries.execute(new GetBrandGateStatsQuery(iysCode, brandCode, day));
      return undefined;
    }, (refusal) => `${refusal.code}: ${refusal.message}`);
    return view.page(
      t('gate.title'),
      html`<h1>${t('gate.title')}</h1>
${error ? html`<div class="alert" role="alert">${error}</div>` : ''}
<form method="get" action="/panel/${iysCode}/brands/${brandCode}/gate" class="filters"><label for="day">${t('gate.day')}</label><input id="day" name="day" type="date" value="${day}"><div class="actions"><button type="submit">${t('gate.show')}</button></div></form>
${stats.counters.length
  ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${t('gate.decision')}</th><th scope="col">${t('gate.reason')}</th><th scope="col">${t('gate.count')}</th></tr></thead><tbody>${joinHtml(
      stats.counters.map((c) => html`<tr><td>${c.decision}</td><td>${c.reason}</td><td>${view.number(c.count)}</td></tr>`),
    )}</tbody></table></div>`
  : html`<p>${t('gate.none')}</p>`}
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    );
  }

  private uploadOf(iysCode: number, brandCode: number, uploadId: string): Promise<ConsentUploadView> {
    if (!UUID.test(uploadId)) throw uploadError('H820');
    return this.queries.execute(new GetConsentUploadQuery(iysCode, brandCode, uploadId));
  }
}

function percent(upload: ConsentUploadView): number {
  return upload.rowCount === 0 ? 100 : Math.floor(((upload.rowCount - upload.progress.pending) * 100) / upload.rowCount);
}

function select(name: string, label: string, value: string, options: readonly string[], all?: string): HtmlValue {
  return html`<label for="${name}">${label}</label><select id="${name}" name="${name}">${all !== undefined ? html`<option value="">${all}</option>` : ''}${joinHtml(
    options.map((option) => html`<option value="${option}"${option === value ? html` selected` : ''}>${option}</option>`),
  )}</select>`;
}

function consentsPage(view: PanelView, iysCode: number, brandCode: number, { notice, error, status = 200 }: { notice?: string; error?: string; status?: number } = {}): WebPage {
  const t = view.t;
  const base = `/panel/${iysCode}/brands/${brandCode}/consents`;
  return view.page(
    t('brand.consents'),
    html`<h1>${t('brand.consents')}</h1>
${error ? html`<div class="alert" role="alert">${error}</div>` : ''}
${notice ? html`<p role="status" class="notice">${notice}</p>` : ''}
<h2>${t('consent.searchTitle')}</h2>
${view.form(
  `${base}/search`,
  html`<label for="s-recipient">${t('consent.recipient')}</label><input id="s-recipient" name="recipient" required maxlength="265" autocomplete="off">
${selectId('s-recipientType', 'recipientType', t('consent.recipientType'), RECIPIENT_TYPES)}
${selectId('s-type', 'type', t('consent.type'), CONSENT_TYPES)}
<div class="actions"><button type="submit">${t('consent.search')}</button></div>`,
)}
<h2>${t('consent.addTitle')}</h2>
${view.form(
  base,
  html`<label for="a-recipient">${t('consent.recipient')}</label><input id="a-recipient" name="recipient" required maxlength="265" autocomplete="off">
${selectId('a-recipientType', 'recipientType', t('consent.recipientType'), RECIPIENT_TYPES)}
${selectId('a-type', 'type', t('consent.type'), CONSENT_TYPES)}
${selectId('a-status', 'status', t('consent.status'), CONSENT_STATUSES)}
${selectId('a-source', 'source', t('consent.source'), PROVIDER_SOURCES)}
<label for="a-consentDate">${t('consent.consentDate')}</label><input id="a-consentDate" name="consentDate" maxlength="19" placeholder="2026-12-07 10:00:00">
<div class="actions"><button type="submit">${t('consent.add')}</button></div>`,
)}
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    { status },
  );
}

function selectId(id: string, name: string, label: string, options: readonly string[]): HtmlValue {
  return html`<label for="${id}">${label}</label><select id="${id}" name="${name}">${joinHtml(options.map((option) => html`<option value="${option}">${option}</option>`))}</select>`;
}

function uploadPage(view: PanelView, iysCode: number, brandCode: number, error?: string, status = 200): WebPage {
  const t = view.t;
  return view.page(
    t('upload.title'),
    html`<h1>${t('upload.title')}</h1>
<p>${t('upload.intro')}</p>
${error ? html`<div class="alert" role="alert" id="upload-error">${error}</div>` : ''}
${view.form(
  `/panel/${iysCode}/brands/${brandCode}/upload`,
  html`<label for="file">${t('upload.file')}</label><input id="file" name="file" type="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"${error ? html` aria-describedby="upload-error"` : ''}>
<div class="actions"><button type="submit">${t('upload.preview')}</button></div>`,
  { multipart: true },
)}
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    { status },
  );
}
