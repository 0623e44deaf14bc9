import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { ACCESS_TOKEN_SECONDS, type TokenIssuer } from '../../application/token-issuer.port.js';
const ISSUER = 'iys-registry';

/** What a valid token says: the session it names, and any role/code claims an older token carried. */
export interface TokenSubject {
  userId: string;
  sessionId: string;
  /** Claims the token carries beyond its session; the guard refuses a token whose claims disagree with the session (docs/adr/0022). */
  claims: { role?: unknown; iysCode?: unknown; integratorCode?: unknown };
}

/**
 * Signed access tokens (JWT, HS256 through `jose`: it checks algorithm, expiry and issuer, which a
 * hand-written verifier easily gets wrong). A token names its user and session only: role, provider
 * and integrator are read from the session's user on every request (docs/adr/0022), so a token that
 * is forged or re-signed with other claims grants nothing more than its session does.
 */
@Injectable()
export class AccessTokenService implements TokenIssuer {
  constructor(
    @Inject(TOKEN_SIGNING_KEY) private readonly key: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(subject: { userId: string; sessionId: string }): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ sid: subject.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
  }

  /** The subject of a valid token, or undefined for anything else (bad signature, expired, malformed). */
  async verify(token: string): Promise<TokenSubject | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: this.clock.now(),
      });
      if (!payload.sub || typeof payload.sid !== 'string') return undefined;
      return { userId: payload.sub, sessionId: payload.sid, claims: { role: payload.role, iysCode: payload.iys, integratorCode: payload.itg } };
    } catch {
      return undefined;
    }
  }
}
