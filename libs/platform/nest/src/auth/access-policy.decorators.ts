import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiIysErrors } from '../http/openapi-errors.js';
import type { Principal, RecipientPrincipal, Role } from '@iys/platform/building-blocks';

export const ACCESS_POLICY = 'iys:access-policy';

/**
 * Every route declares who may call it; a route without a policy is refused (deny by default), and
 * the authorisation matrix test reads these declarations.
 * - `public`: no token (token endpoint, applications).
 * - `roles`: any of the listed roles.
 * - `provider`: a route under /sps/{iysCode}: the provider's own users and, unless `integrators` is
 *   false, integrators it authorised (for the brands it granted); `readers` may read it (GET only).
 * - `integrator`: a route under /integrator/{integratorCode}: that integrator's own users.
 * - `recipient`: a recipient token (RECIPIENT_AUTHENTICATOR); API users' tokens are refused there.
 */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'provider'; param: string; readers: Role[]; integrators: boolean; read: boolean }
  | { kind: 'integrator'; param: string; readers: Role[] }
  | { kind: 'recipient' };

// Each policy also documents the refusals the guard answers with under it (docs/adr/0043).
const REFUSED = ApiIysErrors(403, 'H363');

export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);
export const AllowRoles = (...roles: Role[]) => applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy), REFUSED);
export const ProviderScoped = (
  param = 'iysCode',
  {
    readers = ['authority', 'admin'],
    integrators = true,
    read = false,
  }: { readers?: Role[]; integrators?: boolean; /** A query sent as POST (İYS status checks): readers may call it. */ read?: boolean } = {},
) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'provider', param, readers, integrators, read } satisfies AccessPolicy),
    REFUSED,
    // An integrator the provider has not authorised.
    ...(integrators ? [ApiIysErrors(400, 'H245')] : []),
  );
export const IntegratorScoped = (param = 'integratorCode', readers: Role[] = ['authority', 'admin']) =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'integrator', param, readers } satisfies AccessPolicy), REFUSED);

/** A recipient token: its own bearer scheme in the OpenAPI document. */
export const RECIPIENT_SECURITY_SCHEME = 'recipient';
export const RecipientScoped = () =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'recipient' } satisfies AccessPolicy), ApiBearerAuth(RECIPIENT_SECURITY_SCHEME), ApiIysErrors(401, 'H351'));

/**
 * Checks a recipient token (bearer) and its session; undefined when it is not a valid, open one.
 * Provided by the recipient context; the global guard asks it on `recipient` routes only.
 */
export interface RecipientAuthenticator {
  authenticate(bearer: string): Promise<RecipientPrincipal | undefined>;
}
export const RECIPIENT_AUTHENTICATOR = Symbol('RECIPIENT_AUTHENTICATOR');

/** The signed-in recipient, set on the request by the guard on `recipient` routes. */
export const CurrentRecipient = createParamDecorator((_: unknown, context: ExecutionContext): RecipientPrincipal => {
  const recipient = context.switchToHttp().getRequest<{ recipient?: RecipientPrincipal }>().recipient;
  if (!recipient) throw new Error('CurrentRecipient used on a route without a recipient policy');
  return recipient;
});

/** The authenticated caller, set on the request by the guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

/**
 * Web pages (docs/adr/0054): a controller carrying this metadata (set by @WebController of
 * @iys/platform/web) is a page of one face. The guard takes its credential from the session cookie
 * instead of the Authorization header; the same policies and checks apply.
 */
export const WEB_FACE_METADATA = 'iys:web-face';
/** The HttpOnly cookie that holds a web session's bearer token (the same token the API issues). */
export const WEB_SESSION_COOKIE = 'iys_session';

/** One cookie of a request's Cookie header, or undefined. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
