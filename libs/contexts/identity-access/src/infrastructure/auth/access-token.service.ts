import { Inject, Injectable } from '@nestjs/common';
import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { ACCESS_TOKEN_SECONDS, type TokenIssuer } from '../../application/token-issuer.port.js';
const ISSUER = 'iys-registry';
/** Tokens whose signature was checked, remembered until they expire (a client sends the same token many times). */
const REMEMBERED_TOKENS = 10_000;

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
 *
 * The key is imported into WebCrypto once (jose imports a raw key on every call otherwise), and a
 * token already verified is remembered until its expiry: its signature cannot change, and the session
 * it names is still checked on every request (docs/adr/0053, 0063).
 */
@Injectable()
export class AccessTokenService implements TokenIssuer {
  private verifyingKey?: Promise<webcrypto.CryptoKey>;
  private readonly verified = new Map<string, { subject: TokenSubject; expiresAtMs: number }>();

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
    const now = this.clock.now();
    const remembered = this.verified.get(token);
    if (remembered && remembered.expiresAtMs > now.getTime()) return remembered.subject;
    if (remembered) this.verified.delete(token);
    try {
      this.verifyingKey ??= webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const { payload } = await jwtVerify(token, await this.verifyingKey, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: now,
      });
      if (!payload.sub || typeof payload.sid !== 'string') return undefined;
      const subject = { userId: payload.sub, sessionId: payload.sid, claims: { role: payload.role, iysCode: payload.iys, integratorCode: payload.itg } };
      // jose requires exp only when present; a token without one is not remembered.
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { subject, expiresAtMs: payload.exp * 1000 });
      }
      return subject;
    } catch {
      return undefined;
    }
  }
}
