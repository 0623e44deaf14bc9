import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type pg from 'pg';
import type { Principal } from '@iys/platform/building-blocks';
import { ACCESS_POLICY, IysHttpException, iysErrorItem, PG_POOL, type AccessPolicy } from '@iys/platform/nest';
import { AccessTokenService } from './access-token.service.js';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  principal?: Principal;
}

const refused = () => new IysHttpException(403, [iysErrorItem('H363')]);
const unauthenticated = () => new IysHttpException(401, [iysErrorItem('H351')]);

/**
 * The perimeter of every route (global guard). Deny by default: a route that declares no access
 * policy is refused. A token must be valid, its session open and its user enabled; then the
 * route's policy decides. A provider reaches only /sps/{its own iysCode}/….
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (policy?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticate(request);
    if (!policy) throw refused();
    request.principal = principal;
    if (policy.kind === 'roles') {
      if (!policy.roles.includes(principal.role)) throw refused();
      return true;
    }
    const raw = request.params?.[policy.param];
    // A malformed code is left to the route's pipe (H190); it cannot match anyone's scope anyway.
    if (raw === undefined || !/^[0-9]+$/.test(raw)) return true;
    if (principal.role === 'provider' && principal.iysCode === Number(raw)) return true;
    if (request.method === 'GET' && policy.readers.includes(principal.role)) return true;
    throw refused();
  }

  private async authenticate(request: GuardedRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header) : null;
    if (!match) throw unauthenticated();
    const principal = await this.tokens.verify(match[1]);
    if (!principal) throw unauthenticated();
    const { rows } = await this.pool.query<{ open: boolean }>(
      `SELECT s.revoked_reason IS NULL AND NOT u.disabled AS open
         FROM service_provider.sessions s JOIN service_provider.users u ON u.user_id = s.user_id
        WHERE s.session_id = $1 AND s.user_id = $2`,
      [principal.sessionId, principal.userId],
    );
    if (!rows[0]?.open) throw unauthenticated();
    return principal;
  }
}
