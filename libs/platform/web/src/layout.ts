import { COMMON_MESSAGES } from './i18n/common.messages.js';
import { translator, type Locale } from './i18n/catalogue.js';
import type { Face } from './faces.js';
import { attrs, html, type HtmlValue, type SafeHtml } from './html.js';
import { assetUrl } from './assets.js';

export interface LayoutInput {
  face: Face;
  locale: Locale;
  /** The page's title: never personal data (it lands in history, bookmarks, screen readers' lists). */
  title: string;
  main: HtmlValue;
  /** The current path, to mark the menu entry and come back after a language switch. */
  path: string;
  signedIn: boolean;
  /** The CSRF token, for the sign-out form in the header. */
  csrfToken: string;
  /** Extra scripts from /assets (by name), loaded deferred. */
  scripts?: readonly string[];
}

/** The document every page of every face shares: skip link, header with menu and language, main, footer. */
export function layout(input: LayoutInput): SafeHtml {
  const common = translator(COMMON_MESSAGES, input.locale);
  const own = translator(input.face.messages, input.locale);
  const faceTitle = own('face.title');
  const other = common('layout.switchLanguageLang');
  const nav = input.signedIn && input.face.nav.length > 0
    ? html`<nav class="nav" aria-label="${common('layout.mainNav')}"><ul>${input.face.nav.map(
        (item) => html`<li><a href="${item.href}"${attrs({ 'aria-current': isCurrent(item.href, input.path, input.face.basePath) ? 'page' : undefined })}>${own(item.label)}</a></li>`,
      )}</ul></nav>`
    : '';
  const signOut = input.signedIn
    ? html`<form method="post" action="${signOutPath(input.face)}" class="sign-out"><input type="hidden" name="_csrf" value="${input.csrfToken}"><button type="submit" class="button-link">${common('layout.signOut')}</button></form>`
    : '';
  return html`<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${input.title} · ${faceTitle} · İYS</title>
<link rel="stylesheet" href="${assetUrl('web.css')}">
<script src="${assetUrl('web.js')}" defer></script>
${(input.scripts ?? []).map((name) => html`<script src="${assetUrl(name)}" defer></script>`)}
</head>
<body class="face-${input.face.name}">
<a class="skip-link" href="#main">${common('layout.skip')}</a>
<header class="site-header">
<div class="brand"><a href="${input.face.basePath}"><span class="brand-mark" aria-hidden="true">İYS</span> <span>${faceTitle}</span></a></div>
<div class="header-tools">
<a href="/lang/${other}?next=${encodeURIComponent(input.path)}" lang="${other}" hreflang="${other}">${common('layout.switchLanguage')}</a>
${signOut}
</div>
${nav}
</header>
<main id="main" tabindex="-1">
${input.main}
</main>
<footer class="site-footer"><p>${common('layout.footer')} · ${common('registry.name')}</p></footer>
</body>
</html>`;
}

/** Each face signs out at <base>/sign-out (the citizen's at /sign-out). */
export const signOutPath = (face: Face) => `${face.basePath === '/' ? '' : face.basePath}/sign-out`;

function isCurrent(href: string, path: string, basePath: string): boolean {
  if (href === basePath) return path === href;
  return path === href || path.startsWith(`${href}/`);
}
