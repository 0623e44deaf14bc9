import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readCookie, WEB_SESSION_COOKIE } from '@iys/platform/nest';

export { readCookie, WEB_SESSION_COOKIE };
/** A random value per browser; the form token is its HMAC (signed double-submit, docs/adr/0054). */
export const CSRF_COOKIE = 'iys_csrf';
/** The hidden field every form carries (or the `x-csrf-token` header of a script's request). */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const LANGUAGE_COOKIE = 'iys_lang';

/**
 * Every web answer's headers: no inline script or style anywhere (assets come from /assets), no
 * framing, no referrer (paths may carry a one-time link's token), nothing cached.
 */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export interface CookieOptions {
  /** Behind TLS (the request's protocol, which honours the trusted proxies): the cookie is Secure. */
  secure: boolean;
  maxAgeSeconds?: number;
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/ always; Secure when behind TLS. */
export function serializeCookie(name: string, value: string, { secure, maxAgeSeconds }: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (secure) parts.push('Secure');
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}

export const newCsrfSecret = () => randomBytes(24).toString('base64url');

/** The form token of a browser's CSRF cookie value, bound to the server's signing key. */
export function csrfTokenFor(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(`iys-web-csrf:${secret}`).digest('base64url');
}

export function csrfTokenMatches(key: Buffer, secret: string | undefined, token: unknown): boolean {
  if (!secret || typeof token !== 'string' || token.length === 0) return false;
  const expected = Buffer.from(csrfTokenFor(key, secret));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A path to go back to after a switch or sign-in: same origin only, never `//host` or a scheme. */
export function safeLocalPath(candidate: unknown, fallback = '/'): string {
  return typeof candidate === 'string' && /^\/(?![/\\])[^\s]*$/.test(candidate) && candidate.length <= 512 ? candidate : fallback;
}
