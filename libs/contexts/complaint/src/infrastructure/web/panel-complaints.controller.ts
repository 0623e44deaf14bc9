import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import { CurrentPrincipal, IntegerParamPipe, ProviderScoped, validateIysBody } from '@iys/platform/nest';
import { html, joinHtml, PANEL_FACE, redirectTo, orRefusal, Web, WebController, type PanelView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { SubmitDefenseCommand } from '../../application/commands/submit-defense/submit-defense.command.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListComplaintQueueQuery, type QueuePage } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { DefenseDto } from '../http/dto/complaint.request.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');
const STATUSES = ['RECEIVED', 'DEFENSE_REQUESTED', 'DEFENSE_SUBMITTED', 'DECIDED', 'WITHDRAWN', 'CLOSED'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ProviderComplaint {
  complaintId: string;
  status: string;
  channel: string;
  brandCode: number | null;
  messageDate: string | null;
  defenseDeadline: string | null;
  sender: string | null;
  content: string | null;
  defense: { text: string | null; submittedAt: string | null } | null;
  decision: { outcome: string; decidedAt: string | null } | null;
}

/**
 * The complaints inbox of the panel: the queue the provider's API lists (`GET /sps/{iysCode}/complaints`,
 * ListComplaintQueue with the provider's audience), one complaint (GetComplaint), and the answer to a
 * defense request (SubmitDefense, the text checked by the API's DefenseDto).
 */
@WebController(PANEL_FACE)
export class PanelComplaintsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('panel/:iysCode/complaints')
  @ProviderScoped('iysCode')
  async inbox(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Query() query: Record<string, unknown>): Promise<WebPage> {
    const t = view.t;
    const status = typeof query.status === 'string' && STATUSES.includes(query.status) ? query.status : undefined;
    const page: QueuePage = await this.queries.execute(new ListComplaintQueueQuery({ kind: 'provider', iysCode }, { status, offset: 0, limit: 100 }));
    return view.page(
      t('complaints.title'),
      html`<h1>${t('complaints.title')}</h1>
<form method="get" action="/panel/${iysCode}/complaints" class="filters"><label for="status">${t('consent.status')}</label><select id="status" name="status" data-autosubmit><option value="">${t('changes.all')}</option>${joinHtml(
        STATUSES.map((s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`),
      )}</select><div class="actions"><button type="submit">${t('changes.filter')}</button></div></form>
${page.complaints.length
  ? html`<div class="table-scroll"><table><thead><tr><th scope="col">${t('complaints.filed')}</th><th scope="col">${t('consent.status')}</th><th scope="col">${t('consent.type')}</th><th scope="col">${t('brands.code')}</th><th scope="col">${t('complaints.deadline')}</th></tr></thead><tbody>${joinHtml(
      page.complaints.map(
        (c) => html`<tr><td><a href="/panel/${iysCode}/complaints/${c.complaintId}">${c.filedAt ?? c.complaintId}</a></td><td>${c.status}</td><td>${c.channel}</td><td>${c.brandCode ?? ''}</td><td>${c.defenseDeadline ?? ''}</td></tr>`,
      ),
    )}</tbody></table></div>`
  : html`<p>${t('complaints.none')}</p>`}`,
    );
  }

  @Get('panel/:iysCode/complaints/:complaintId')
  @ProviderScoped('iysCode')
  async complaint(@Web(PANEL_FACE) view: PanelView, @Param('iysCode', IYS_CODE) iysCode: number, @Param('complaintId') complaintId: string): Promise<WebPage> {
    return this.complaintPage(view, iysCode, complaintId);
  }

  @Post('panel/:iysCode/complaints/:complaintId/defense')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  async defend(
    @Web(PANEL_FACE) view: PanelView,
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('complaintId') complaintId: string,
    @Body() form: Record<string, unknown> | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebPage | WebRedirect> {
    const checked = await validateIysBody(DefenseDto, { text: typeof form?.text === 'string' ? form.text : undefined });
    if (!checked.ok) return this.complaintPage(view, iysCode, complaintId, checked.errors.map((e) => `${e.code}: ${e.message}`).join(' '));
    return orRefusal(async () => {
      await this.commands.execute(new SubmitDefenseCommand(principal, iysCode, complaintId, checked.value.text));
      return redirectTo(`/panel/${iysCode}/complaints/${complaintId}`);
    }, (refusal) => this.complaintPage(view, iysCode, complaintId, `${refusal.code}: ${refusal.message}`));
  }

  private async complaintPage(view: PanelView, iysCode: number, complaintId: string, error?: string): Promise<WebPage> {
    const t = view.t;
    const c: ProviderComplaint = await this.queries.execute(new GetComplaintQuery(UUID.test(complaintId) ? complaintId : '00000000-0000-0000-0000-000000000000', { kind: 'provider', iysCode }));
    const canAnswer = c.status === 'DEFENSE_REQUESTED' && !c.defense;
    return view.page(
      t('complaints.one'),
      html`<h1>${t('complaints.one')}</h1>
${error ? html`<div class="alert" role="alert" id="defense-error">${error}</div>` : ''}
<dl>
<dt>${t('consent.status')}</dt><dd>${c.status}</dd>
<dt>${t('consent.type')}</dt><dd>${c.channel}</dd>
<dt>${t('brands.code')}</dt><dd>${c.brandCode ?? ''}</dd>
<dt>${t('complaints.messageDate')}</dt><dd>${c.messageDate ?? ''}</dd>
<dt>${t('complaints.sender')}</dt><dd>${c.sender ?? ''}</dd>
<dt>${t('complaints.content')}</dt><dd>${c.content ?? ''}</dd>
<dt>${t('complaints.deadline')}</dt><dd>${c.defenseDeadline ?? ''}</dd>
${c.defense ? html`<dt>${t('complaints.defense')}</dt><dd>${c.defense.text ?? ''}</dd>` : ''}
${c.decision ? html`<dt>${t('complaints.decision')}</dt><dd>${c.decision.outcome}</dd>` : ''}
</dl>
${canAnswer
  ? view.form(
      `/panel/${iysCode}/complaints/${complaintId}/defense`,
      html`<label for="text">${t('complaints.defense')}</label><textarea id="text" name="text" required maxlength="5000" rows="6"${error ? html` aria-describedby="defense-error"` : ''}></textarea><div class="actions"><button type="submit">${t('complaints.answer')}</button></div>`,
    )
  : ''}
<p><a href="/panel/${iysCode}/complaints">${t('complaints.title')}</a></p>`,
    );
  }
}
