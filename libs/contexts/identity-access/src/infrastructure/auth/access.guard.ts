import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceProviderContracts } from '@iys/contracts';
import { ROLES, type Principal, type RecipientPrincipal } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import {
  ACCESS_POLICY,
  APP_CONFIG,
  INT32_MAX,
  ipAllowed,
  IysHttpException,
  iysErrorItem,
  RateLimiter,
  RECIPIENT_AUTHENTICATOR,
  readCookie,
  WEB_FACE_METADATA,
  WEB_SESSION_COOKIE,
  type AccessPolicy,
  type RecipientAuthenticator,
} from '@iys/platform/nest';
import { ACCOUNTS, type Accounts } from '../../application/accounts.port.js';
import { SessionPrincipalCache } from '../../application/session-principal-cache.js';
import { AccessTokenService, type TokenSubject } from './access-token.service.js';

interface GuardedRequest {
  method: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  principal?: Principal;
  recipient?: RecipientPrincipal;
  /** A web page's request: the bearer comes from the session cookie, not the header (docs/adr/0054). */
  webSession?: boolean;
}

const refused = () => new IysHttpException(403, [iysErrorItem('H363')]);
const unauthenticated = () => new IysHttpException(401, [iysErrorItem('H351')]);
// Signed, so a negative code is compared (and refused) here rather than waved through to the pipe.
// A code beyond PostgreSQL's integer is malformed like any other, for the pipe to answer: never a query.
const INTEGER = /^-?[0-9]+$/;
const isCode = (raw: string) => INTEGER.test(raw) && Math.abs(Number(raw)) <= INT32_MAX;

/**
 * The perimeter of every route (global guard). Deny by default: a route that declares no access
 * policy is refused. A token must be valid, its session open, its user enabled and calling from an
 * allowed address, within its rate; then the route's policy decides. A provider reaches only
 * /sps/{its own iysCode}/…, an integrator only the providers and brands that authorised it. Sessions
 * and users are this context's read model; grants are asked of the service-provider context through
 * ServiceProviderContracts.ACCESS_SCOPES: the guard reads no other context's tables.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly perSecond: RateLimiter;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokenService) private readonly tokens: AccessTokenService,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(SessionPrincipalCache) private readonly sessions: SessionPrincipalCache,
    @Inject(ServiceProviderContracts.ACCESS_SCOPES) private readonly scopes: ServiceProviderContracts.AccessScopesPort,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(RECIPIENT_AUTHENTICATOR) private readonly recipients?: RecipientAuthenticator,
  ) {
    this.perSecond = new RateLimiter(config.IYS_RATE_LIMIT_PER_SECOND, 1000);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (policy?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    request.webSession = this.reflector.getAllAndOverride<string | undefined>(WEB_FACE_METADATA, [context.getHandler(), context.getClass()]) !== undefined;
    if (policy?.kind === 'recipient') return this.authenticateRecipient(request);
    const principal = await this.authenticate(request);
    if (!this.perSecond.tryTake(principal.userId)) throw new IysHttpException(429, [iysErrorItem('H124')]);
    if (!policy) throw refused();
    request.principal = principal;
    switch (policy.kind) {
      case 'roles':
        if (!policy.roles.includes(principal.role)) throw refused();
        return true;
      case 'integrator': {
        const raw = request.params?.[policy.param];
        if (raw === undefined) throw refused(); // a policy naming a parameter the route lacks fails closed
        if (!isCode(raw)) return true; // the route's pipe answers the format
        if (principal.role === 'integrator' && principal.integratorCode === Number(raw)) return true;
        if (request.method === 'GET' && policy.readers.includes(principal.role)) return true;
        throw refused();
      }
      case 'provider':
        return this.checkProviderScope(policy, principal, request);
    }
  }

  /** Recipient routes take recipient tokens only; an API user's token is not one (401). */
  private async authenticateRecipient(request: GuardedRequest): Promise<boolean> {
    const bearer = bearerOf(request);
    const recipient = bearer && this.recipients ? await this.recipients.authenticate(bearer) : undefined;
    if (!recipient) throw unauthenticated();
    if (!this.perSecond.tryTake(`recipient:${recipient.accountId}`)) throw new IysHttpException(429, [iysErrorItem('H124')]);
    request.recipient = recipient;
    return true;
  }

  private async checkProviderScope(policy: Extract<AccessPolicy, { kind: 'provider' }>, principal: Principal, request: GuardedRequest): Promise<boolean> {
    const raw = request.params?.[policy.param];
    if (raw === undefined) throw refused(); // a policy naming a parameter the route lacks fails closed
    // A malformed code is left to the route's pipe (H190); it cannot match anyone's scope anyway.
    if (!isCode(raw)) return true;
    if (principal.role === 'provider' && principal.iysCode === Number(raw)) return true;
    if (principal.role === 'integrator' && policy.integrators) {
      const brand = request.params?.brandCode;
      // The grant is the service-provider context's record: asked through its port, never read here.
      const grant = await this.scopes.integratorGrant(principal.integratorCode ?? -1, Number(raw));
      if (!grant) throw new IysHttpException(400, [iysErrorItem('H245', { location: [policy.param] })]);
      if (brand !== undefined && isCode(brand) && !grant.brandCodes.includes(Number(brand))) throw refused();
      return true;
    }
    if ((request.method === 'GET' || policy.read) && policy.readers.includes(principal.role)) return true;
    throw refused();
  }

  /**
   * The token names a session; who the caller is comes from that session's user row, so a
   * revocation, a disabled user or a changed role takes effect at once in this process and within
   * IYS_SESSION_CACHE_MS in another (docs/adr/0053). A token whose
   * own claims disagree with that row was not issued for it: 401 (docs/adr/0022).
   */
  private async authenticate(request: GuardedRequest): Promise<Principal> {
    const bearer = bearerOf(request);
    if (!bearer) throw unauthenticated();
    const subject = await this.tokens.verify(bearer);
    if (!subject) throw unauthenticated();
    const row = await this.sessions.get(subject.sessionId, subject.userId, () => this.accounts.sessionPrincipal(subject.sessionId, subject.userId));
    if (!row?.open || !ROLES.includes(row.role)) throw unauthenticated();
    const principal: Principal = {
      userId: subject.userId,
      sessionId: subject.sessionId,
      role: row.role,
      iysCode: row.iysCode ?? undefined,
      integratorCode: row.integratorCode ?? undefined,
    };
    if (!claimsAgree(subject.claims, principal)) throw unauthenticated();
    if (row.allowedIps.length > 0 && !ipAllowed(row.allowedIps, request.ip)) throw refused();
    // A retailer's scope comes from its user row alone: a token cannot widen it.
    if (row.role === 'retailer') {
      if (row.iysCode === null || row.brandCode === null || row.retailerCode === null) throw unauthenticated();
      return { ...principal, retailer: { iysCode: row.iysCode, brandCode: row.brandCode, retailerCode: row.retailerCode } };
    }
    return principal;
  }
}

/** Every claim a token carries must match its session's user; an absent claim says nothing. */
function claimsAgree(claims: TokenSubject['claims'], principal: Principal): boolean {
  const agrees = (claimed: unknown, actual: unknown) => claimed === undefined || claimed === actual;
  return agrees(claims.role, principal.role) && agrees(claims.iysCode, principal.iysCode) && agrees(claims.integratorCode, principal.integratorCode);
}

function bearerOf(request: GuardedRequest): string | undefined {
  if (request.webSession) {
    const cookie = readCookie(request.headers.cookie, WEB_SESSION_COOKIE);
    return cookie && /^[A-Za-z0-9._~+/-]+=*$/.test(cookie) ? cookie : undefined;
  }
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)?.[1] : undefined;
}
