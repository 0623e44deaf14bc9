import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from '@iys/platform/building-blocks';

export const ACCESS_POLICY = 'iys:access-policy';

/**
 * Every route declares who may call it; a route without a policy is refused (deny by default), and
 * the authorisation matrix test reads these declarations.
 * - `public`: no token (token endpoint, applications).
 * - `roles`: any of the listed roles.
 * - `provider`: a route under /sps/{iysCode}: the provider's own users and, unless `integrators` is
 *   false, integrators it authorised (for the brands it granted); `readers` may read it (GET only).
 * - `integrator`: a route under /integrator/{integratorCode}: that integrator's own users.
 */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'provider'; param: string; readers: Role[]; integrators: boolean; read: boolean }
  | { kind: 'integrator'; param: string; readers: Role[] };

export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);
export const AllowRoles = (...roles: Role[]) => SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);
export const ProviderScoped = (
  param = 'iysCode',
  {
    readers = ['authority', 'admin'],
    integrators = true,
    read = false,
  }: { readers?: Role[]; integrators?: boolean; /** A query sent as POST (İYS status checks): readers may call it. */ read?: boolean } = {},
) => SetMetadata(ACCESS_POLICY, { kind: 'provider', param, readers, integrators, read } satisfies AccessPolicy);
export const IntegratorScoped = (param = 'integratorCode', readers: Role[] = ['authority', 'admin']) =>
  SetMetadata(ACCESS_POLICY, { kind: 'integrator', param, readers } satisfies AccessPolicy);

/** The authenticated caller, set on the request by the guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
