import type { Role } from '@iys/platform/building-blocks';

/**
 * Facts about API users and their sessions: the audit trail the registry keeps of every account,
 * login, refresh, failure and revocation. Secrets appear only as salted or one-way hashes.
 */
export type ApiUserEvent =
  | {
      type: 'service-provider.ApiUserCreated';
      data: {
        userId: string;
        username: string;
        role: Role;
        iysCode: number | null;
        /** Added without a version bump: absent in older events means none. */
        integratorCode?: number | null;
        /** The gateway an `operator` user checks for (added without a version bump: absent means none). */
        operatorCode?: number | null;
        /** Source addresses the user may call from; absent or empty means any. */
        allowedIps?: string[];
        /** Role `retailer` only: the brand and retailer (bayi) the user reads for. Absent on other roles. */
        brandCode?: number | null;
        retailerCode?: number | null;
        passwordHash: string;
        createdBy: string;
      };
    }
  | { type: 'service-provider.ApiUserPasswordChanged'; data: { userId: string; passwordHash: string; changedBy: string } }
  | { type: 'service-provider.ApiUserDisabled'; data: { userId: string; disabledBy: string } };

export type SessionEvent =
  | {
      type: 'service-provider.SessionStarted';
      data: { sessionId: string; userId: string; refreshTokenHash: string; refreshExpiresAt: string; startedAt: string };
    }
  | {
      type: 'service-provider.SessionRefreshed';
      data: { sessionId: string; refreshTokenHash: string; refreshExpiresAt: string; refreshedAt: string };
    }
  | { type: 'service-provider.SessionRevoked'; data: { sessionId: string; reason: 'logout' | 'refresh-token-reuse' | 'user-disabled' | 'admin' } };

export type LoginAuditEvent = {
  type: 'service-provider.LoginFailed';
  data: { userId: string; reason: 'bad-password' | 'disabled'; failedAt: string };
};
