import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { CurrentRecipient, IysValidationPipe, RecipientScoped } from '@iys/platform/nest';
import {
  attrs,
  CITIZEN_FACE,
  html,
  isUploadedFile,
  redirectTo,
  orRefusal,
  Web,
  WebController,
  webError,
  type CitizenKey,
  type CitizenView,
  type HtmlValue,
  type WebPage,
  type WebRedirect,
} from '@iys/platform/web';
import { AddAttachmentCommand } from '../../application/commands/add-attachment/add-attachment.command.js';
import type { CheckedConsent } from '../../application/commands/check-consents/check-consents.handler.js';
import { CheckConsentsCommand } from '../../application/commands/check-consents/check-consents.command.js';
import { FileComplaintCommand, type ComplaintForm } from '../../application/commands/file-complaint/file-complaint.command.js';
import type { FiledComplaint } from '../../application/commands/file-complaint/file-complaint.handler.js';
import { RejectCheckedConsentCommand } from '../../application/commands/reject-checked-consent/reject-checked-consent.command.js';
import { WithdrawComplaintCommand } from '../../application/commands/withdraw-complaint/withdraw-complaint.command.js';
import type { ComplaintDetail, ComplaintSummary } from '../../application/complaint-views.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListMyComplaintsQuery } from '../../application/queries/list-my-complaints/list-my-complaints.query.js';
import { COMPLAINT_CHANNELS, COMPLAINT_SUBJECTS, GSM_OPERATORS, type ComplaintChannel } from '../../domain/complaint.events.js';
import { FileComplaintDto } from '../http/dto/complaint.request.dto.js';

type Form = Record<string, unknown>;
const field = (form: Form | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const channelLabel = (view: CitizenView, type: string) => view.t(`channel.${type}` as CitizenKey);
const alert = (id: string, message: string | undefined) => (message ? html`<div class="alert" role="alert" id="${id}">${message}</div>` : '');

/**
 * The citizen's complaints on the portal: the check step (CheckConsents, with one-click
 * RejectCheckedConsent), filing (FileComplaint; the form is checked by the API's own
 * FileComplaintDto) with a screenshot (AddAttachment), tracking and withdrawal.
 */
@WebController(CITIZEN_FACE, 'my-complaints')
@RecipientScoped()
export class CitizenComplaintsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get()
  async list(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Query() query: Record<string, unknown>): Promise<WebPage> {
    const { complaints }: { complaints: ComplaintSummary[] } = await this.queries.execute(new ListMyComplaintsQuery(recipient));
    const t = view.t;
    return view.page(
      t('nav.complaints'),
      html`<h1>${t('nav.complaints')}</h1><p>${t('complaints.intro')}</p>
${query?.done === 'withdrawn' ? html`<div class="notice" role="status">${t('complaints.withdrawn')}</div>` : ''}
<div class="actions"><a class="button" href="/my-complaints/new">${t('complaints.new')}</a></div>
${complaints.length === 0 ? html`<p>${t('complaints.none')}</p>` : html`<div class="table-scroll"><table><caption>${t('nav.complaints')}</caption>
<thead><tr><th scope="col">${t('complaints.filedAt')}</th><th scope="col">${t('complaints.channel')}</th><th scope="col">${t('complaints.status')}</th><th scope="col"><span class="visually-hidden">${t('complaints.open')}</span></th></tr></thead>
<tbody>${complaints.map((c) => html`<tr><td>${c.filedAt ? view.dateTime(c.filedAt) : ''}</td><td>${channelLabel(view, c.channel)}</td><td>${c.status}</td><td><a href="/my-complaints/${c.complaintId}">${t('complaints.open')}<span class="visually-hidden"> · ${c.filedAt ?? ''}</span></a></td></tr>`)}</tbody></table></div>`}`,
    );
  }

  @Get('new')
  newComplaint(@Web(CITIZEN_FACE) view: CitizenView): WebPage {
    return checkPage(view);
  }

  @Post('check')
  @HttpCode(200)
  async check(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Body() form: Form | undefined): Promise<WebPage> {
    const channel = COMPLAINT_CHANNELS.find((c) => c === field(form, 'channel'));
    if (!channel) return checkPage(view, view.t('complaints.check'));
    const checked: { checkId: string; consents: CheckedConsent[] } = await this.commands.execute(new CheckConsentsCommand(recipient, channel));
    return filePage(view, channel, checked);
  }

  @Post('checks/:checkId/rejection')
  @HttpCode(200)
  async rejectChecked(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('checkId') checkId: string, @Body() form: Form | undefined): Promise<WebPage> {
    if (!UUID.test(checkId)) throw webError('H801');
    const channel = COMPLAINT_CHANNELS.find((c) => c === field(form, 'channel')) ?? 'MESAJ';
    const notice: HtmlValue = await orRefusal(
      async () => {
        await this.commands.execute(new RejectCheckedConsentCommand(recipient, checkId, field(form, 'consentId')));
        return html`<div class="notice" role="status">${view.t('complaints.rejectedChecked')}</div>`;
      },
      (refusal) => alert('check-error', `${refusal.message} (${refusal.code})`),
    );
    const checked: { checkId: string; consents: CheckedConsent[] } = await this.commands.execute(new CheckConsentsCommand(recipient, channel));
    return filePage(view, channel, checked, { notice });
  }

  @Post()
  @HttpCode(200)
  async file(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    const channel = COMPLAINT_CHANNELS.find((c) => c === field(form, 'channel')) ?? 'MESAJ';
    const checkId = field(form, 'checkId');
    return orRefusal(async () => {
      const complaint = (await new IysValidationPipe(FileComplaintDto).transform(complaintBody(form, channel), { type: 'body', metatype: FileComplaintDto })) as ComplaintForm;
      const filed: FiledComplaint = await this.commands.execute(new FileComplaintCommand(recipient, complaint, recipient.agentId ? 'call-centre' : 'web'));
      const screenshot = form?.screenshot;
      if (isUploadedFile(screenshot)) {
        // The complaint stands; a refused screenshot is shown on its page, where another can be added.
        return orRefusal(async () => {
          await this.commands.execute(new AddAttachmentCommand(filed.complaintId, screenshot.data, { kind: 'recipient', principal: recipient }));
          return redirectTo(`/my-complaints/${filed.complaintId}?done=filed`);
        }, (refusal) => this.detailPage(view, recipient, filed.complaintId, alert('attachment-error', `${refusal.message} (${refusal.code})`), 422));
      }
      return redirectTo(`/my-complaints/${filed.complaintId}?done=filed`);
    }, (refusal) => filePage(view, channel, { checkId: UUID.test(checkId) ? checkId : '', consents: [] }, { error: `${refusal.message} (${refusal.code})`, form }));
  }

  @Get(':complaintId')
  detail(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string, @Query() query: Record<string, unknown>): Promise<WebPage> {
    const notice = query?.done === 'filed' ? 'complaints.filed' : query?.done === 'attached' ? 'complaints.attachmentAdded' : undefined;
    return this.detailPage(view, recipient, complaintId, notice ? html`<div class="notice" role="status">${view.t(notice)}</div>` : '');
  }

  @Post(':complaintId/attachments')
  @HttpCode(200)
  async attach(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    if (!UUID.test(complaintId)) throw webError('H801');
    const file = form?.screenshot;
    return orRefusal(async () => {
      await this.commands.execute(new AddAttachmentCommand(complaintId, isUploadedFile(file) ? file.data : Buffer.alloc(0), { kind: 'recipient', principal: recipient }));
      return redirectTo(`/my-complaints/${complaintId}?done=attached`);
    }, (refusal) => this.detailPage(view, recipient, complaintId, alert('attachment-error', `${refusal.message} (${refusal.code})`), 422));
  }

  @Post(':complaintId/withdrawal')
  @HttpCode(200)
  async withdraw(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string): Promise<WebPage | WebRedirect> {
    if (!UUID.test(complaintId)) throw webError('H801');
    return orRefusal(async () => {
      await this.commands.execute(new WithdrawComplaintCommand(recipient, complaintId));
      return redirectTo('/my-complaints?done=withdrawn');
    }, (refusal) => this.detailPage(view, recipient, complaintId, alert('withdraw-error', `${refusal.message} (${refusal.code})`), 422));
  }

  private async detailPage(view: CitizenView, recipient: RecipientPrincipal, complaintId: string, notice: HtmlValue, status = 200): Promise<WebPage> {
    if (!UUID.test(complaintId)) throw webError('H801');
    const c: ComplaintDetail = await this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'recipient', principal: recipient }));
    const t = view.t;
    const open = !c.decision && c.status !== 'WITHDRAWN';
    return view.page(
      t('complaints.detailTitle'),
      html`<h1>${t('complaints.detailTitle')}</h1>${notice}
<dl class="facts"><dt>${t('complaints.status')}</dt><dd>${c.status}</dd>
<dt>${t('complaints.filedAt')}</dt><dd>${c.filedAt ? view.dateTime(c.filedAt) : ''}</dd>
<dt>${t('complaints.channel')}</dt><dd>${channelLabel(view, c.channel)}</dd>
<dt>${t('complaints.recipient')}</dt><dd>${c.recipient ?? ''}</dd>
<dt>${t('complaints.sender')}</dt><dd>${c.senderAsSeen ?? ''}</dd>
<dt>${t('complaints.messageDate')}</dt><dd>${c.messageDate ? view.dateTime(c.messageDate) : ''}</dd>
<dt>${t('complaints.content')}</dt><dd>${c.content ?? ''}</dd>
<dt>${t('complaints.attachments')}</dt><dd>${c.attachments.length === 0 ? '—' : html`<ul>${c.attachments.map((a) => html`<li>${a.contentType} · ${view.number(Math.ceil(a.size / 1024))} KB · ${a.addedAt ? view.dateTime(a.addedAt) : ''}</li>`)}</ul>`}</dd>
${c.decision ? html`<dt>${t('complaints.decision')}</dt><dd>${c.decision.outcome}${c.decision.justification ? html` — ${c.decision.justification}` : ''}</dd>` : ''}</dl>
${open ? view.form(`/my-complaints/${c.complaintId}/attachments`, html`<label for="screenshot">${t('complaints.screenshot')}</label><input id="screenshot" name="screenshot" type="file" accept="image/png,image/jpeg,application/pdf" required><div class="actions"><button type="submit" class="secondary">${t('complaints.addAttachment')}</button></div>`, { multipart: true, label: t('complaints.addAttachment') }) : ''}
${open ? view.form(`/my-complaints/${c.complaintId}/withdrawal`, html`<div class="actions"><button type="submit" class="danger">${t('complaints.withdraw')}</button></div>`, { confirm: t('complaints.withdrawConfirm'), label: t('complaints.withdraw') }) : ''}
<p><a href="/my-complaints">${t('complaints.back')}</a></p>`,
      { status },
    );
  }
}

/** The form's fields as the API's JSON body (numbers, the subjects' checkboxes, the date's İYS spelling). */
function complaintBody(form: Form | undefined, channel: ComplaintChannel): Record<string, unknown> {
  const optional = (name: string) => field(form, name) || undefined;
  const number = (name: string) => (/^\d{1,10}$/.test(field(form, name)) ? Number(field(form, name)) : optional(name));
  const date = field(form, 'messageDate');
  return {
    channel,
    recipient: field(form, 'recipient'),
    recipientType: field(form, 'recipientType') || 'BIREYSEL',
    sender: field(form, 'sender'),
    brandCode: number('brandCode'),
    messageDate: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(date) ? `${date.replace('T', ' ')}:00` : date,
    content: field(form, 'content'),
    gsmOperator: channel === 'EPOSTA' ? undefined : optional('gsmOperator'),
    province: number('province'),
    subjects: COMPLAINT_SUBJECTS.filter((subject) => field(form, `subject_${subject}`) === 'on'),
    checkId: optional('checkId'),
  };
}

function checkPage(view: CitizenView, error?: string): WebPage {
  const t = view.t;
  return view.page(
    t('complaints.new'),
    html`<h1>${t('complaints.new')}</h1><h2>${t('complaints.checkTitle')}</h2><p>${t('complaints.checkIntro')}</p>${alert('channel-error', error)}
${view.form(
  '/my-complaints/check',
  html`<fieldset><legend>${t('complaints.channel')}</legend>${COMPLAINT_CHANNELS.map((c, i) => html`<div><input type="radio" id="channel-${c}" name="channel" value="${c}"${attrs({ checked: i === 1 })}> <label class="inline-label" for="channel-${c}">${channelLabel(view, c)}</label></div>`)}</fieldset>
<div class="actions"><button type="submit">${t('complaints.check')}</button></div>`,
  { label: t('complaints.checkTitle') },
)}`,
  );
}

function filePage(view: CitizenView, channel: ComplaintChannel, checked: { checkId: string; consents: CheckedConsent[] }, { notice, error, form }: { notice?: HtmlValue; error?: string; form?: Form } = {}): WebPage {
  const t = view.t;
  const value = (name: string) => field(form, name);
  const brands = [...new Map(checked.consents.map((c) => [c.brandCode, c.brandName ?? String(c.brandCode)])).entries()];
  const list = checked.consents.length === 0 ? html`<p>${t('complaints.checkedNone')}</p>` : html`<ul class="consent-list">${checked.consents.map((c) => html`<li class="card"><h3>${c.brandName ?? c.brandCode} · ${channelLabel(view, c.type)}</h3><p>${c.recipient} · <span class="status status-${c.status}">${view.t(c.status === 'RET' ? 'status.RET' : 'status.ONAY')}</span></p>
${c.status === 'ONAY' ? view.form(`/my-complaints/checks/${checked.checkId}/rejection`, html`<input type="hidden" name="consentId" value="${c.consentId}"><input type="hidden" name="channel" value="${channel}"><button type="submit" class="danger">${t('complaints.rejectChecked')}</button>`, { className: 'inline-form', label: `${t('complaints.rejectChecked')}: ${c.brandName ?? c.brandCode}` }) : ''}</li>`)}</ul>`;
  return view.page(
    t('complaints.new'),
    html`<h1>${t('complaints.new')}</h1>${notice ?? ''}
${checked.checkId ? html`<h2>${t('complaints.checked')} · ${channelLabel(view, channel)}</h2>${list}` : ''}
<h2 id="file-heading">${t('complaints.fileTitle')}</h2>${alert('file-error', error)}
${view.form(
  '/my-complaints',
  html`<input type="hidden" name="channel" value="${channel}"><input type="hidden" name="checkId" value="${checked.checkId}">
<label for="c-recipient">${t('complaints.recipient')}</label><input id="c-recipient" name="recipient" type="text" required maxlength="254" value="${value('recipient') || checked.consents[0]?.recipient || ''}">
<label for="c-type">${t('complaints.recipientType')}</label><select id="c-type" name="recipientType"><option value="BIREYSEL">${t('complaints.type.BIREYSEL')}</option><option value="TACIR">${t('complaints.type.TACIR')}</option></select>
<label for="c-sender">${t('complaints.sender')}</label><input id="c-sender" name="sender" type="text" required maxlength="254" value="${value('sender')}">
<label for="c-brand">${t('complaints.brand')}</label><select id="c-brand" name="brandCode"><option value="">${t('complaints.brandOther')}</option>${brands.map(([code, name]) => html`<option value="${code}">${name}</option>`)}</select>
<label for="c-date">${t('complaints.messageDate')}</label><input id="c-date" name="messageDate" type="datetime-local" required value="${value('messageDate')}">
<label for="c-content">${t('complaints.content')}</label><textarea id="c-content" name="content" rows="4" required maxlength="5000">${value('content')}</textarea>
${channel === 'EPOSTA' ? '' : html`<label for="c-operator">${t('complaints.gsmOperator')}</label><select id="c-operator" name="gsmOperator">${GSM_OPERATORS.map((o) => html`<option value="${o}">${o}</option>`)}</select>`}
<label for="c-province">${t('complaints.province')}</label><input id="c-province" name="province" type="number" min="1" max="81" required value="${value('province')}">
<fieldset><legend>${t('complaints.subjects')}</legend>${COMPLAINT_SUBJECTS.map((s) => html`<div><input type="checkbox" id="s-${s}" name="subject_${s}"${attrs({ checked: value(`subject_${s}`) === 'on' })}> <label class="inline-label" for="s-${s}">${t(`complaints.subject.${s}` as CitizenKey)}</label></div>`)}</fieldset>
<label for="c-screenshot">${t('complaints.screenshot')}</label><input id="c-screenshot" name="screenshot" type="file" accept="image/png,image/jpeg,application/pdf">
<div class="actions"><button type="submit">${t('complaints.file')}</button></div>`,
  { multipart: true, label: t('complaints.fileTitle') },
)}`,
    { status: error ? 422 : 200 },
  );
}
