import { IdentityAccessContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';

/**
 * A disabled call-centre agent's open caller sessions end with the disabling: async (identity-access's
 * events, docs/adr/0052), and an agent's session is checked only once it has caught up. Revocation only: a rebuild has nothing to reset.
 */
export const agentSessionsProjection: ProjectionDefinition = {
  name: 'recipient.agent-sessions',
  version: 1,
  eventTypes: [IdentityAccessContracts.API_USER_DISABLED],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      const { userId } = event.data as unknown as IdentityAccessContracts.ApiUserDisabled;
      await tx.query('UPDATE recipient.sessions SET revoked_at = $2 WHERE agent_id = $1 AND revoked_at IS NULL', [userId, event.recordedAt]);
    }
  },
  async reset() {},
};
