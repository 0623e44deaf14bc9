import { Get } from '@nestjs/common';
import { RecipientScoped } from '@iys/platform/nest';
import { CITIZEN_FACE, html, Web, WebController, type CitizenView, type WebPage } from '@iys/platform/web';

/** The portal's start page: the signed-in citizen's consents (an anonymous visit goes to /sign-in). */
@WebController(CITIZEN_FACE)
@RecipientScoped()
export class CitizenHomeController {
  @Get()
  home(@Web(CITIZEN_FACE) view: CitizenView): WebPage {
    return view.page(view.t('nav.consents'), html`<h1>${view.t('nav.consents')}</h1>`);
  }
}
