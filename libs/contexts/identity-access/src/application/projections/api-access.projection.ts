import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { ApiUserEvent, SessionEvent } from '../../domain/api-user.events.js';

/**
 * Who must forget what they remembered of a user or a session (the perimeter's session caches of
 * every API process): the append waits for it, so the change is not answered before they forgot.
 */
export interface AccessChangeListener {
  evictUser(userId: string): void | Promise<void>;
  evictSession(sessionId: string): void | Promise<void>;
}

/**
 * Users and sessions as the token endpoint and the guard read them. Inline: a password change or a
 * revocation takes effect with the append that records it, and the listener forgets what it held.
 */
export const createApiAccessProjection = (listener?: AccessChangeListener): ProjectionDefinition => ({
  name: 'identity-access.api-access',
  version: 1,
  inline: true,
  categories: ['apiUser', 'apiSession'],
  eventTypes: [
    'service-provider.ApiUserCreated',
    'service-provider.ApiUserPasswordChanged',
    'service-provider.ApiUserDisabled',
    'service-provider.SessionStarted',
    'service-provider.SessionRefreshed',
    'service-provider.SessionRevoked',
  ],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const recorded of events) {
      const event = toDomainEvent<ApiUserEvent | SessionEvent>(recorded);
      await apply(event, recorded.streamPosition, tx);
      await forget(event, listener);
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE identity_access.users, identity_access.sessions, identity_access.retired_refresh_tokens');
  },
});

async function forget(event: ApiUserEvent | SessionEvent, listener: AccessChangeListener | undefined): Promise<void> {
  if (!listener) return;
  if (event.type === 'service-provider.ApiUserPasswordChanged' || event.type === 'service-provider.ApiUserDisabled') await listener.evictUser(event.data.userId);
  else if (event.type === 'service-provider.SessionRevoked') await listener.evictSession(event.data.sessionId);
}

async function apply(event: ApiUserEvent | SessionEvent, position: number, tx: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'service-provider.ApiUserCreated':
      await tx.query(
        `INSERT INTO identity_access.users (user_id, username, role, iys_code, integrator_code, allowed_ips, password_hash, operator_code, brand_code, retailer_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (user_id) DO NOTHING`,
        [
          event.data.userId,
          event.data.username,
          event.data.role,
          event.data.iysCode,
          event.data.integratorCode ?? null,
          event.data.allowedIps ?? [],
          event.data.passwordHash,
          event.data.operatorCode ?? null,
          event.data.brandCode ?? null,
          event.data.retailerCode ?? null,
        ],
      );
      return;
    case 'service-provider.ApiUserPasswordChanged':
      await tx.query('UPDATE identity_access.users SET password_hash = $2 WHERE user_id = $1', [event.data.userId, event.data.passwordHash]);
      return;
    case 'service-provider.ApiUserDisabled':
      await tx.query('UPDATE identity_access.users SET disabled = true WHERE user_id = $1', [event.data.userId]);
      return;
    case 'service-provider.SessionStarted':
      await tx.query(
        `INSERT INTO identity_access.sessions (session_id, user_id, refresh_token_hash, refresh_expires_at, version)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO NOTHING`,
        [event.data.sessionId, event.data.userId, event.data.refreshTokenHash, event.data.refreshExpiresAt, position],
      );
      return;
    case 'service-provider.SessionRefreshed':
      await tx.query(
        `INSERT INTO identity_access.retired_refresh_tokens (refresh_token_hash, session_id)
         SELECT refresh_token_hash, session_id FROM identity_access.sessions WHERE session_id = $1 AND version < $2
         ON CONFLICT DO NOTHING`,
        [event.data.sessionId, position],
      );
      await tx.query(
        `UPDATE identity_access.sessions SET refresh_token_hash = $2, refresh_expires_at = $3, version = $4
          WHERE session_id = $1 AND version < $4`,
        [event.data.sessionId, event.data.refreshTokenHash, event.data.refreshExpiresAt, position],
      );
      return;
    case 'service-provider.SessionRevoked':
      await tx.query('UPDATE identity_access.sessions SET revoked_reason = $2, version = $3 WHERE session_id = $1 AND version < $3', [
        event.data.sessionId,
        event.data.reason,
        position,
      ]);
      return;
  }
}
