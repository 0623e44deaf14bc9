import { ProjectionRunner } from '@iys/platform/event-store';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../recipient-records.port.js';
import { agentSessionsProjection } from '../projections/agent-sessions.projection.js';
import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { derivePurposeKey, type Clock, type IdGenerator, type RecipientPrincipal } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR, TOKEN_SIGNING_KEY, type RecipientAuthenticator } from '@iys/platform/nest';

/** A citizen's session lasts 30 minutes; a call-centre agent's, for one call, 15. */
export const RECIPIENT_TOKEN_SECONDS = 1800;
export const AGENT_SESSION_SECONDS = 900;
const ISSUER = 'iys-registry/recipient';

export interface RecipientTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/**
 * Recipient tokens: JWT (HS256, through `jose`) under a key derived for recipients only, so an API
 * user's token is never a recipient token and the other way round. Claims: the opaque account id,
 * the session, and the agent when a call-centre agent acts for the caller; never an address. Each
 * token has a session row, so sign-out and revocation take effect at once.
 */
@Injectable()
export class RecipientSessions implements RecipientAuthenticator {
  private readonly key: Uint8Array;

  constructor(
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(TOKEN_SIGNING_KEY) secret: Buffer,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {
    this.key = new Uint8Array(derivePurposeKey(secret, 'recipient-token'));
  }

  async open(accountId: string, agentId?: string): Promise<RecipientTokenResponse> {
    const sessionId = this.ids.next().toLowerCase();
    const lifetime = agentId ? AGENT_SESSION_SECONDS : RECIPIENT_TOKEN_SECONDS;
    const now = this.clock.now();
    await this.records.openSession({ sessionId, accountId, agentId: agentId ?? null, at: now, lifetimeSeconds: lifetime });
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ sid: sessionId, ...(agentId ? { act: { sub: agentId } } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(accountId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .sign(this.key);
    return { access_token: token, token_type: 'bearer', expires_in: lifetime };
  }

  async authenticate(bearer: string): Promise<RecipientPrincipal | undefined> {
    let claims: { sub?: string; sid?: unknown; act?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(bearer, this.key, { algorithms: ['HS256'], issuer: ISSUER, currentDate: this.clock.now() }));
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
    const { sid, sub } = claims;
    const open = () => this.records.openSessionOf(sid, sub, this.clock.now());
    let session = await open();
    if (session?.agentId) {
      // An agent's session ends when identity-access disables the agent; recipient.agent-sessions is
      // async (another context's events), so it is read again once caught up with the log.
      await this.runner.waitUntilCaughtUp(agentSessionsProjection, { timeoutMs: 5_000, drive: true });
      session = await open();
    }
    if (!session) return undefined;
    return { accountId: sub, sessionId: sid, ...(session.agentId ? { agentId: session.agentId } : {}) };
  }

  async close(sessionId: string): Promise<void> {
    await this.records.closeSession(sessionId, this.clock.now());
  }
}
