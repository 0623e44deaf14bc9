import { COMMON_MESSAGES } from './i18n/common.messages.js';
import { formatDateTime, formatNumber, translator, type Locale, type MessageVars } from './i18n/catalogue.js';
import type { Face } from './faces.js';
import { attrs, html, type HtmlValue, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { WebPage } from './responses.js';
import { CSRF_FIELD } from './security.js';
import { endWebSession, startWebSession, type WebRequestInfo } from './web-request.js';

type CommonKey = keyof (typeof COMMON_MESSAGES)['tr'];

export interface FormOptions {
  method?: 'post' | 'get';
  /** multipart/form-data, for a file input. */
  multipart?: boolean;
  /** Asked before submitting (web.js); the form still works without script. */
  confirm?: string;
  className?: string;
  label?: string;
}

/**
 * A page's view of its request and face: translation, the CSRF field, forms, the layout, and the
 * web session. Given to a handler by the @Web(FACE) parameter decorator.
 */
export class WebView<K extends string> {
  readonly t: (key: K | CommonKey, vars?: MessageVars) => string;

  constructor(
    readonly face: Face<K>,
    readonly request: WebRequestInfo,
  ) {
    const own = translator(face.messages, request.locale);
    const common = translator(COMMON_MESSAGES, request.locale);
    this.t = (key, vars) => (key in face.messages.tr ? own(key as K, vars) : common(key as CommonKey, vars));
  }

  get locale(): Locale {
    return this.request.locale;
  }

  get csrfToken(): string {
    return this.request.csrfToken;
  }

  /** The hidden CSRF field; every POST form needs it (form() adds it). */
  csrfField(): SafeHtml {
    return html`<input type="hidden" name="${CSRF_FIELD}" value="${this.request.csrfToken}">`;
  }

  /** A form with its CSRF field (POST unless said). */
  form(action: string, content: HtmlValue, options: FormOptions = {}): SafeHtml {
    const method = options.method ?? 'post';
    return html`<form${attrs({
      method,
      action,
      enctype: options.multipart ? 'multipart/form-data' : undefined,
      class: options.className,
      'data-confirm': options.confirm,
      'aria-label': options.label,
    })}>${method === 'post' ? this.csrfField() : ''}${content}</form>`;
  }

  /** The whole document in the face's layout. The title must not hold personal data. */
  page(title: string, main: HtmlValue, { status = 200, scripts }: { status?: number; scripts?: readonly string[] } = {}): WebPage {
    return new WebPage(
      layout({
        face: this.face as Face,
        locale: this.request.locale,
        title,
        main,
        path: this.request.path,
        signedIn: this.request.signedIn,
        csrfToken: this.request.csrfToken,
        scripts,
      }),
      status,
    );
  }

  dateTime(value: Date | string): string {
    return formatDateTime(this.request.locale, value);
  }

  number(value: number): string {
    return formatNumber(this.request.locale, value);
  }

  /** After a successful sign-in: the token goes into the HttpOnly session cookie. */
  startSession(token: string, maxAgeSeconds: number): void {
    startWebSession(this.request, token, maxAgeSeconds);
    this.request.signedIn = true;
  }

  endSession(): void {
    endWebSession(this.request);
    this.request.signedIn = false;
  }
}
