import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n/catalogue.js';
import { CSRF_COOKIE, csrfTokenFor, LANGUAGE_COOKIE, newCsrfSecret, readCookie, serializeCookie, WEB_SECURITY_HEADERS, WEB_SESSION_COOKIE } from './security.js';
import type { FaceName } from './faces.js';

/** What a page needs to know about its request, computed once per request (web interceptor, filter). */
export interface WebRequestInfo {
  face: FaceName;
  locale: Locale;
  /** The path without its query, for the menu and the language switch. */
  path: string;
  csrfToken: string;
  /** Behind TLS (honours the trusted proxies): cookies are Secure. */
  secure: boolean;
  /** A principal or recipient was established by the guard for this request. */
  signedIn: boolean;
  /** Set-Cookie values to send with the answer. */
  cookies: string[];
}

const INFO = Symbol('iys-web-request');
type Marked = FastifyRequest & { [INFO]?: WebRequestInfo; principal?: unknown; recipient?: unknown };

/** True for a request answered by a web page (the e2e suite checks only API answers against OpenAPI). */
export function isWebRequest(request: FastifyRequest): boolean {
  return (request as Marked)[INFO] !== undefined;
}

export function webRequestInfo(request: FastifyRequest, face: FaceName, signingKey: Buffer): WebRequestInfo {
  const marked = request as Marked;
  const known = marked[INFO];
  if (known) {
    known.signedIn = known.signedIn || Boolean(marked.principal ?? marked.recipient);
    return known;
  }
  const cookies: string[] = [];
  const secure = request.protocol === 'https';
  let secret = readCookie(request.headers.cookie, CSRF_COOKIE);
  if (!secret || !/^[A-Za-z0-9_-]{16,64}$/.test(secret)) {
    secret = newCsrfSecret();
    cookies.push(serializeCookie(CSRF_COOKIE, secret, { secure }));
  }
  const language = readCookie(request.headers.cookie, LANGUAGE_COOKIE);
  const info: WebRequestInfo = {
    face,
    locale: isLocale(language) ? language : DEFAULT_LOCALE,
    path: (request.url.split('?')[0] || '/').slice(0, 512),
    csrfToken: csrfTokenFor(signingKey, secret),
    secure,
    signedIn: Boolean(marked.principal ?? marked.recipient),
    cookies,
  };
  marked[INFO] = info;
  return info;
}

/** The security headers and pending cookies of a web answer. */
export function applyWebHeaders(reply: FastifyReply, info: WebRequestInfo): void {
  for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS)) void reply.header(name, value);
  void reply.header('cache-control', 'no-store');
  if (info.cookies.length > 0) void reply.header('set-cookie', info.cookies);
}

/** Opens the web session: the token the sign-in use case issued goes into the HttpOnly cookie. */
export function startWebSession(info: WebRequestInfo, token: string, maxAgeSeconds: number): void {
  // A new CSRF secret too: a token seen before signing in is not valid after it.
  const secret = newCsrfSecret();
  info.cookies.push(serializeCookie(WEB_SESSION_COOKIE, token, { secure: info.secure, maxAgeSeconds }));
  info.cookies.push(serializeCookie(CSRF_COOKIE, secret, { secure: info.secure }));
}

export function endWebSession(info: WebRequestInfo): void {
  info.cookies.push(serializeCookie(WEB_SESSION_COOKIE, '', { secure: info.secure, maxAgeSeconds: 0 }));
}

/** The bearer token of the web session (for a sign-out that must revoke exactly it). */
export function webSessionToken(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, WEB_SESSION_COOKIE);
}

/** The info the web interceptor computed for this request (it runs before the handler's parameters). */
export function webRequestInfoOf(request: FastifyRequest): WebRequestInfo {
  const info = (request as Marked)[INFO];
  if (!info) throw new Error('@Web() used outside a @WebController');
  return info;
}
