import { Body, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { CurrentRecipient, RecipientScoped } from '@iys/platform/nest';
import { CITIZEN_FACE, html, redirectTo, orRefusal, Web, WebController, WebDownload, type CitizenView, type WebPage, type WebRedirect } from '@iys/platform/web';
import { AddAddressCommand } from '../../application/commands/add-address/add-address.command.js';
import { RequestCodeCommand } from '../../application/commands/request-code/request-code.command.js';
import { RequestErasureCommand } from '../../application/commands/request-erasure/request-erasure.command.js';
import type { ErasureAccepted } from '../../application/commands/request-erasure/request-erasure.handler.js';
import type { IssuedChallenge } from '../../application/identity/sign-in-codes.js';
import type { DataExport } from '../../application/queries/export-my-data/export-my-data.handler.js';
import { ExportMyDataQuery } from '../../application/queries/export-my-data/export-my-data.query.js';
import type { MyAddress } from '../../application/queries/list-my-addresses/list-my-addresses.handler.js';
import { ListMyAddressesQuery } from '../../application/queries/list-my-addresses/list-my-addresses.query.js';
import { alertBox, codePage, doneNotice, field, type Form } from './citizen-web.js';

/**
 * The citizen's account: proven addresses and adding one (RequestCode + AddAddress, as
 * /recipients/me/addresses…), the data export (ExportMyData) and the erasure request.
 */
@WebController(CITIZEN_FACE)
@RecipientScoped()
export class CitizenAccountController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('addresses')
  async addresses(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Query() query: Record<string, unknown>): Promise<WebPage> {
    return this.addressesPage(view, recipient, query?.done);
  }

  @Post('addresses/code')
  @HttpCode(200)
  async requestAddressCode(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Body() form: Form | undefined): Promise<WebPage> {
    return orRefusal(async () => {
      const challenge: IssuedChallenge = await this.commands.execute(new RequestCodeCommand(field(form, 'address'), 'add-address', `account:${recipient.accountId}`));
      return addressCodePage(view, challenge);
    }, (refusal) => this.addressesPage(view, recipient, undefined, refusal.message));
  }

  @Post('addresses')
  @HttpCode(200)
  async addAddress(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal, @Body() form: Form | undefined): Promise<WebPage | WebRedirect> {
    const challenge: IssuedChallenge = { challengeId: field(form, 'challengeId'), channel: field(form, 'channel') === 'email' ? 'email' : 'sms', expiresIn: 0 };
    return orRefusal(async () => {
      await this.commands.execute(new AddAddressCommand(recipient, challenge.challengeId, field(form, 'code')));
      return redirectTo('/addresses?done=added');
    }, (refusal) => addressCodePage(view, challenge, refusal.message));
  }

  @Get('my-data')
  myData(@Web(CITIZEN_FACE) view: CitizenView): WebPage {
    return dataPage(view);
  }

  @Get('my-data/export.json')
  async exportJson(@CurrentRecipient() recipient: RecipientPrincipal): Promise<WebDownload> {
    const data: DataExport = await this.queries.execute(new ExportMyDataQuery(recipient, 'json'));
    return new WebDownload('application/json; charset=utf-8', 'iys-verilerim.json', JSON.stringify(data.body, null, 2));
  }

  @Get('my-data/export.csv')
  async exportCsv(@CurrentRecipient() recipient: RecipientPrincipal): Promise<WebDownload> {
    const data: DataExport = await this.queries.execute(new ExportMyDataQuery(recipient, 'csv'));
    return new WebDownload('text/csv; charset=utf-8', 'iys-verilerim.csv', typeof data.body === 'string' ? data.body : JSON.stringify(data.body));
  }

  @Post('my-data/erasure')
  @HttpCode(200)
  async requestErasure(@Web(CITIZEN_FACE) view: CitizenView, @CurrentRecipient() recipient: RecipientPrincipal): Promise<WebPage> {
    return orRefusal(async () => {
      const accepted: ErasureAccepted = await this.commands.execute(new RequestErasureCommand(recipient));
      return dataPage(view, html`<div class="notice" role="status">${view.t('data.erasureDone', { date: view.dateTime(accepted.earliestExecution), count: accepted.addressCount })}</div>`);
    }, (refusal) => dataPage(view, alertBox('erasure-error', refusal.message), 422));
  }

  private async addressesPage(view: CitizenView, recipient: RecipientPrincipal, done: unknown, error?: string): Promise<WebPage> {
    const { addresses }: { addresses: MyAddress[] } = await this.queries.execute(new ListMyAddressesQuery(recipient));
    const t = view.t;
    return view.page(
      t('nav.addresses'),
      html`<h1>${t('nav.addresses')}</h1><p>${t('addresses.intro')}</p>
${doneNotice(view, done, { added: 'addresses.done' })}
<ul class="consent-list">${addresses.map((a) => html`<li class="card"><h2>${a.recipient}</h2><p>${t(a.kind === 'email' ? 'addresses.kind.email' : 'addresses.kind.phone')} · ${t('addresses.verifiedAt', { date: view.dateTime(a.verifiedAt) })}</p></li>`)}</ul>
<h2 id="add-heading">${t('addresses.add')}</h2>
${alertBox('address-error', error)}
${view.form(
  '/addresses/code',
  html`<label for="address">${t('signIn.address')}</label><p class="hint" id="address-hint">${t('signIn.addressHint')}</p>
<input id="address" name="address" type="text" inputmode="email" required maxlength="254" aria-describedby="address-hint${error ? ' address-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
<div class="actions"><button type="submit">${t('addresses.sendCode')}</button></div>`,
  { label: t('addresses.add') },
)}`,
      { status: error ? 422 : 200 },
    );
  }
}

function addressCodePage(view: CitizenView, challenge: IssuedChallenge, error?: string): WebPage {
  return codePage(view, { title: 'addresses.codeTitle', action: '/addresses', submit: 'addresses.confirm', back: '/addresses' }, challenge, error);
}

function dataPage(view: CitizenView, notice: ReturnType<typeof html> | '' = '', status = 200): WebPage {
  const t = view.t;
  return view.page(
    t('nav.data'),
    html`<h1>${t('nav.data')}</h1><p>${t('data.intro')}</p>${notice}
<h2>${t('data.export')}</h2>
<div class="actions"><a class="button" href="/my-data/export.json" download>${t('data.exportJson')}</a> <a class="button secondary" href="/my-data/export.csv" download>${t('data.exportCsv')}</a></div>
<h2>${t('data.erasure')}</h2><p>${t('data.erasureIntro')}</p>
${view.form('/my-data/erasure', html`<div class="actions"><button type="submit" class="danger">${t('data.erasureButton')}</button></div>`, { confirm: t('data.erasureConfirm'), label: t('data.erasure') })}`,
    { status },
  );
}
