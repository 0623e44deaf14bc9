import { defineCatalogue } from '../i18n/catalogue.js';
import { defineFace } from '../faces.js';
import type { WebView } from '../view.js';

/** The authority console (/authority): messages and menu. Extend both; keep keys stable. */
export const AUTHORITY_FACE = defineFace({
  name: 'authority',
  basePath: '/authority',
  signInPath: '/authority/sign-in',
  messages: defineCatalogue(
    { 'face.title': 'Denetim Konsolu', 'nav.home': 'Özet' },
    { 'face.title': 'Authority Console', 'nav.home': 'Overview' },
  ),
  nav: [{ href: '/authority', label: 'nav.home' }],
});

export type AuthorityKey = keyof (typeof AUTHORITY_FACE.messages)['tr'];
/** What a handler of this face gets from @Web(AUTHORITY_FACE). */
export type AuthorityView = WebView<AuthorityKey>;
