import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Clock, type Principal, type Role } from '@iys/platform/building-blocks';
import { CLOCK, TOKEN_SIGNING_KEY } from '@iys/platform/nest';

/** Lifetimes of İYS's token endpoint (iys-api.md §2.1). */
export const ACCESS_TOKEN_SECONDS = 7200;
export const REFRESH_TOKEN_SECONDS = 14400;
const ISSUER = 'iys-registry';

/**
 * Signed access tokens (JWT, HS256 through `jose`: it checks algorithm, expiry and issuer, which a
 * hand-written verifier easily gets wrong). Claims carry ids and the role only, never an address.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    @Inject(TOKEN_SIGNING_KEY) private readonly key: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(principal: Principal): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ role: principal.role, iys: principal.iysCode, itg: principal.integratorCode, sid: principal.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
  }

  /** The principal of a valid token, or undefined for anything else (bad signature, expired, malformed). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: this.clock.now(),
      });
      const role = payload.role as Role;
      if (!payload.sub || typeof payload.sid !== 'string' || !ROLES.includes(role)) return undefined;
      return {
        userId: payload.sub,
        role,
        iysCode: typeof payload.iys === 'number' ? payload.iys : undefined,
        integratorCode: typeof payload.itg === 'number' ? payload.itg : undefined,
        sessionId: payload.sid,
      };
    } catch {
      return undefined;
    }
  }
}
