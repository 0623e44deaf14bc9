import { Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Public } from '@iys/platform/nest';
import { CITIZEN_FACE, html, orRefusal, Web, WebController, type CitizenView, type HtmlValue, type WebPage } from '@iys/platform/web';
import { OptOutByLinkCommand } from '../../application/commands/opt-out-by-link/opt-out-by-link.command.js';
import type { OptOutResult } from '../../application/commands/opt-out-by-link/opt-out-by-link.handler.js';
import { alertBox } from './citizen-web.js';

/**
 * The page a consent notice's opt-out link opens, in the portal's layout. GET only shows the
 * confirmation (link scanners and previews fetch URLs; a GET never changes a consent); its form
 * posts to /opt-out/<token>, which runs the same OptOutByLink use case as the API's POST.
 */
@WebController(CITIZEN_FACE)
@Public()
export class CitizenOptOutController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Get('recipients/opt-out/:token')
  confirm(@Web(CITIZEN_FACE) view: CitizenView, @Param('token') token: string): WebPage {
    return optOutPage(view, view.form(`/opt-out/${encodeURIComponent(token)}`, html`<div class="actions"><button type="submit" class="danger">${view.t('optOut.button')}</button></div>`, { label: view.t('optOut.title') }));
  }

  @Post('opt-out/:token')
  @HttpCode(200)
  async optOut(@Web(CITIZEN_FACE) view: CitizenView, @Param('token') token: string): Promise<WebPage> {
    return orRefusal(async () => {
      const result: OptOutResult = await this.commands.execute(new OptOutByLinkCommand(token));
      return optOutPage(view, html`<div class="notice" role="status">${view.t('alreadyRejected' in result ? 'optOut.already' : 'optOut.done')}</div>`);
    }, (refusal) => optOutPage(view, alertBox('opt-out-error', `${refusal.message} (${refusal.code})`), 422));
  }
}

function optOutPage(view: CitizenView, body: HtmlValue, status = 200): WebPage {
  const t = view.t;
  return view.page(t('optOut.title'), html`<h1>${t('optOut.title')}</h1><p>${t('optOut.intro')}</p>${body}<p><a href="/sign-in">${t('optOut.more')}</a></p>`, { status });
}
