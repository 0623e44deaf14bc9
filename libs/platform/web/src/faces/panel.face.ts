import { defineCatalogue } from '../i18n/catalogue.js';
import { defineFace } from '../faces.js';
import type { WebView } from '../view.js';

/** The provider panel (/panel): messages and menu. Extend both; keep keys stable. */
export const PANEL_FACE = defineFace({
  name: 'panel',
  basePath: '/panel',
  signInPath: '/panel/sign-in',
  messages: defineCatalogue(
    { 'face.title': 'Hizmet Sağlayıcı Paneli', 'nav.home': 'Özet' },
    { 'face.title': 'Service Provider Panel', 'nav.home': 'Overview' },
  ),
  nav: [{ href: '/panel', label: 'nav.home' }],
});

export type PanelKey = keyof (typeof PANEL_FACE.messages)['tr'];
/** What a handler of this face gets from @Web(PANEL_FACE). */
export type PanelView = WebView<PanelKey>;
