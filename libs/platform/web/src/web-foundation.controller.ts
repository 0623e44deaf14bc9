import { Get, Param, Query } from '@nestjs/common';
import { Public } from '@iys/platform/nest';
import { webAsset } from './assets.js';
import { CITIZEN_FACE } from './faces/citizen.face.js';
import { isLocale } from './i18n/catalogue.js';
import { WebContent, WebRedirect } from './responses.js';
import { LANGUAGE_COOKIE, safeLocalPath, serializeCookie } from './security.js';
import { webError } from './web.errors.js';
import { Web, WebController } from './web.decorators.js';
import type { WebView } from './view.js';

const YEAR = 365 * 24 * 3600;

/** What every face shares: its stylesheet and scripts, and the language switch. */
@WebController(CITIZEN_FACE)
export class WebFoundationController {
  @Get('assets/:name')
  @Public()
  asset(@Param('name') name: string): WebContent {
    const asset = webAsset(name);
    if (!asset) throw webError('H801');
    return new WebContent(asset.contentType, asset.body, YEAR);
  }

  /** Switches the language (a preference cookie) and returns to the page it came from. */
  @Get('lang/:locale')
  @Public()
  language(@Web(CITIZEN_FACE) view: WebView<string>, @Param('locale') locale: string, @Query('next') next: unknown): WebRedirect {
    if (!isLocale(locale)) throw webError('H801');
    view.request.cookies.push(serializeCookie(LANGUAGE_COOKIE, locale, { secure: view.request.secure, maxAgeSeconds: YEAR }));
    return new WebRedirect(safeLocalPath(next));
  }
}
