import { Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { addCalendarDays, istanbulDay, type Clock, type Principal } from '@iys/platform/building-blocks';
import { CLOCK, CurrentPrincipal, IntegerParamPipe, ProviderScoped } from '@iys/platform/nest';
import { barChart, html, joinHtml, PANEL_FACE, orRefusal, redirectTo, Web, WebController, WebDownload, type PanelView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { CaptureAgreementCommand } from '../../application/commands/capture-agreement/capture-agreement.command.js';
import type { AgreementInfo } from '../../application/queries/get-agreement/get-agreement.handler.js';
import { GetAgreementQuery } from '../../application/queries/get-agreement/get-agreement.query.js';
import type { ChangeStats } from '../../application/queries/get-change-stats/get-change-stats.handler.js';
import { GetChangeStatsQuery } from '../../application/queries/get-change-stats/get-change-stats.query.js';
import type { MovementFile } from '../../application/queries/get-movement-file/get-movement-file.handler.js';
import { GetMovementFileQuery } from '../../application/queries/get-movement-file/get-movement-file.query.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One finished day as the panel shows it: M1 of both recipient types summed by party, M2's digest and agreement. */
export interface ReconciliationDay {
  day: string;
  hs: { approval: number; rejection: number };
  iys: { approval: number; rejection: number };
  agreement?: AgreementInfo;
  error?: string;
}

/**
 * Reconciliation in the panel: the last 7 finished days (M1 per day as a chart and a table, M2's
 * status), the day's movement file (M4) and recording the agreement (M3) — the API's own queries and
 * command, with the same checks (the day window, the brand's owner).
 */
@WebController(PANEL_FACE)
export class PanelReconciliationController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('panel/:iysCode/brands/:brandCode/reconciliation')
  @ProviderScoped('iysCode')
  async week(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): Promise<WebPage> {
    const t = view.t;
    const today = istanbulDay(this.clock.now());
    const days = await Promise.all(Array.from({ length: 7 }, (_, i) => this.dayOf(iysCode, brandCode, addCalendarDays(today, i - 7))));
    const base = `/panel/${iysCode}/brands/${brandCode}/reconciliation`;
    const rows = joinHtml(
      days.map(
        (d) => html`<tr><th scope="row">${d.day}</th><td>${view.number(d.hs.approval)} / ${view.number(d.hs.rejection)}</td><td>${view.number(d.iys.approval)} / ${view.number(d.iys.rejection)}</td>
<td>${d.error ? d.error : d.agreement?.agreementStatus ? t('recon.agreed') : t('recon.notAgreed')}</td>
<td><a href="${base}/${d.day}/file" download>${t('recon.download')}<span class="visually-hidden"> ${d.day}</span></a></td>
<td>${d.agreement && !d.agreement.agreementStatus ? view.form(`${base}/${d.day}/agreement`, html`<button type="submit" id="agree-${d.day}">${t('recon.agree')}<span class="visually-hidden"> ${d.day}</span></button>`, { confirm: t('recon.agreeConfirm') }) : ''}</td></tr>`,
      ),
    );
    return view.page(
      t('recon.title'),
      html`<h1>${t('recon.title')}</h1>
${barChart({
  title: t('recon.chart'),
  categories: days.map((d) => d.day.slice(5)),
  series: [
    { label: `HS ONAY`, values: days.map((d) => d.hs.approval) },
    { label: `HS RET`, values: days.map((d) => d.hs.rejection) },
    { label: `İYS ONAY`, values: days.map((d) => d.iys.approval) },
    { label: `İYS RET`, values: days.map((d) => d.iys.rejection) },
  ],
  format: (n) => view.number(n),
})}
<div class="table-scroll"><table id="reconciliation-days"><thead><tr><th scope="col">${t('recon.day')}</th><th scope="col">${t('recon.hs')}</th><th scope="col">${t('recon.iys')}</th><th scope="col">${t('recon.status')}</th><th scope="col">${t('recon.file')}</th><th scope="col"><span class="visually-hidden">${t('recon.agree')}</span></th></tr></thead><tbody>${rows}</tbody></table></div>
<p><a href="/panel/${iysCode}/brands/${brandCode}">${t('common.back')}</a></p>`,
    );
  }

  @Get('panel/:iysCode/brands/:brandCode/reconciliation/:day/file')
  @ProviderScoped('iysCode')
  async file(@Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number, @Param('day') day: string): Promise<WebDownload> {
    const file: MovementFile = await this.queries.execute(new GetMovementFileQuery(iysCode, brandCode, day));
    const chunks: Buffer[] = [];
    for await (const chunk of file.chunks) chunks.push(chunk);
    return new WebDownload('text/csv; charset=utf-8', file.fileName, Buffer.concat(chunks));
  }

  @Post('panel/:iysCode/brands/:brandCode/reconciliation/:day/agreement')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  async agree(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('day') day: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebRedirect> {
    await this.commands.execute(new CaptureAgreementCommand(iysCode, brandCode, day, principal));
    return redirectTo(`/panel/${iysCode}/brands/${brandCode}/reconciliation`);
  }

  private async dayOf(iysCode: number, brandCode: number, day: string): Promise<ReconciliationDay> {
    const result: ReconciliationDay = { day, hs: { approval: 0, rejection: 0 }, iys: { approval: 0, rejection: 0 } };
    if (!DAY.test(day)) return result;
    await orRefusal(async () => {
      for (const recipientType of ['BIREYSEL', 'TACIR']) {
        const stats: ChangeStats = await this.queries.execute(new GetChangeStatsQuery(iysCode, brandCode, day, recipientType));
        for (const entry of stats.changeStats) {
          for (const consent of entry.consents) {
            const party = consent.source === 'IYS' ? result.iys : result.hs;
            party.approval += consent.approval;
            party.rejection += consent.rejection;
          }
        }
      }
      result.agreement = await this.queries.execute(new GetAgreementQuery(iysCode, brandCode, day));
    }, (refusal) => {
      result.error = refusal.code;
    });
    return result;
  }
}
