import { defineCatalogue } from '../i18n/catalogue.js';
import { defineFace } from '../faces.js';
import type { WebView } from '../view.js';

/** The administration console (/admin): messages and menu. Extend both; keep keys stable. */
export const ADMIN_FACE = defineFace({
  name: 'admin',
  basePath: '/admin',
  signInPath: '/admin/sign-in',
  messages: defineCatalogue(
    { 'face.title': 'Yönetim Konsolu', 'nav.home': 'Özet' },
    { 'face.title': 'Administration Console', 'nav.home': 'Overview' },
  ),
  nav: [{ href: '/admin', label: 'nav.home' }],
});

export type AdminKey = keyof (typeof ADMIN_FACE.messages)['tr'];
/** What a handler of this face gets from @Web(ADMIN_FACE). */
export type AdminView = WebView<AdminKey>;
