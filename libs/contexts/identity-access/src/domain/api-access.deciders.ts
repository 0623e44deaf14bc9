import { DomainError, type Decider, type Role } from '@iys/platform/building-blocks';
import type { ApiUserEvent, LoginAuditEvent, SessionEvent } from './api-user.events.js';

/** İYS's own authentication codes (iys-api.md §2.3) and ours where it has none. */
export const ACCESS_ERRORS = {
  H250: 'Kullanıcı adı veya şifre eksik!',
  H251: 'Kullanıcı kimlik bilgileri geçersiz!',
  H621: 'Kullanıcı zaten mevcut.',
  H622: 'Kullanıcı adı 3–64 karakter olmalı; harf, rakam ve . _ - içerebilir.',
  H623: 'Şifre en az 12 karakter olmalıdır.',
  H624: 'Hizmet sağlayıcı kullanıcısı geçerli bir iysCode ile oluşturulmalıdır.',
  H625: 'Giriş yöntemi belirtilmemiş.',
  H626: 'Bilinmeyen giriş yöntemi.',
  H627: 'Yenileme jetonu verilmemiş.',
  H633: 'Kullanıcı bulunamadı.',
  H629: 'Entegratör kullanıcısı geçerli bir entegratör numarası (integratorCode) ile oluşturulmalıdır.',
  H730: 'Operatör numarası (operatorCode) yalnızca operatör kullanıcılarına verilir.',
  H718: 'Bayi kullanıcısı bir markanın var olan bir bayisi (retailerCode) için oluşturulmalıdır.',
  H850: 'Bu kullanıcı bu konsola giriş yapamaz: konsol yalnızca yetkili rollerdeki kullanıcılara açıktır.',
} as const;

export const accessError = (code: keyof typeof ACCESS_ERRORS, location: string[] = []) => new DomainError(code, ACCESS_ERRORS[code], location);

// ---- API user ---------------------------------------------------------------------------------

export type ApiUserState = { status: 'none' } | { status: 'active' | 'disabled'; userId: string; role: Role };

export type ApiUserCommand =
  | {
      type: 'CreateApiUser';
      userId: string;
      username: string;
      role: Role;
      iysCode: number | null;
      integratorCode: number | null;
      operatorCode?: number | null;
      allowedIps: string[];
      /** Role `retailer` only. */
      retailer?: { brandCode: number; retailerCode: number };
      passwordHash: string;
      createdBy: string;
    }
  | { type: 'ChangePassword'; passwordHash: string; changedBy: string }
  | { type: 'DisableApiUser'; disabledBy: string };

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

export const apiUserDecider: Decider<ApiUserCommand, ApiUserEvent, ApiUserState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'CreateApiUser': {
        if (state.status !== 'none') throw accessError('H621');
        if (!USERNAME.test(command.username)) throw accessError('H622', ['username']);
        if ((command.role === 'provider' || command.role === 'retailer') !== (command.iysCode !== null)) throw accessError('H624', ['iysCode']);
        if ((command.role === 'integrator') !== (command.integratorCode !== null)) throw accessError('H629', ['integratorCode']);
        // An operator without a code may still read (C2, C5) but cannot call the gate, which needs its code.
        if (command.operatorCode != null && command.role !== 'operator') throw accessError('H730', ['operatorCode']);
        if ((command.role === 'retailer') !== (command.retailer !== undefined)) throw accessError('H718', ['retailerCode']);
        const { type: _type, retailer, ...data } = command;
        return [{ type: 'service-provider.ApiUserCreated', data: retailer ? { ...data, ...retailer } : data }];
      }
      case 'ChangePassword':
        if (state.status === 'none') throw accessError('H251');
        return [{ type: 'service-provider.ApiUserPasswordChanged', data: { userId: state.userId, passwordHash: command.passwordHash, changedBy: command.changedBy } }];
      case 'DisableApiUser':
        if (state.status !== 'active') return [];
        return [{ type: 'service-provider.ApiUserDisabled', data: { userId: state.userId, disabledBy: command.disabledBy } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'service-provider.ApiUserCreated':
        return { status: 'active', userId: event.data.userId, role: event.data.role };
      case 'service-provider.ApiUserPasswordChanged':
        return state;
      case 'service-provider.ApiUserDisabled':
        return state.status === 'none' ? state : { ...state, status: 'disabled' };
    }
  },
};

// ---- Session (one per login; refresh tokens rotate) ---------------------------------------------

export type SessionState =
  | { status: 'none' }
  | { status: 'open'; sessionId: string; userId: string; refreshTokenHash: string; refreshExpiresAt: string }
  | { status: 'revoked'; sessionId: string; userId: string };

export type SessionCommand =
  | { type: 'StartSession'; sessionId: string; userId: string; refreshTokenHash: string; refreshExpiresAt: string; now: string }
  | { type: 'RefreshSession'; presentedTokenHash: string; nextTokenHash: string; refreshExpiresAt: string; now: string }
  | { type: 'RevokeSession'; reason: 'logout' | 'user-disabled' | 'admin' };

/**
 * Refresh tokens rotate: each use returns a new one and retires the old. Presenting a retired token
 * means it was copied, so the whole session is revoked (RFC 6819 §5.2.2.3).
 */
export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'StartSession':
        return [
          {
            type: 'service-provider.SessionStarted',
            data: {
              sessionId: command.sessionId,
              userId: command.userId,
              refreshTokenHash: command.refreshTokenHash,
              refreshExpiresAt: command.refreshExpiresAt,
              startedAt: command.now,
            },
          },
        ];
      case 'RefreshSession': {
        if (state.status !== 'open') throw accessError('H251');
        if (command.presentedTokenHash !== state.refreshTokenHash) {
          return [{ type: 'service-provider.SessionRevoked', data: { sessionId: state.sessionId, reason: 'refresh-token-reuse' } }];
        }
        if (state.refreshExpiresAt <= command.now) throw accessError('H251');
        return [
          {
            type: 'service-provider.SessionRefreshed',
            data: { sessionId: state.sessionId, refreshTokenHash: command.nextTokenHash, refreshExpiresAt: command.refreshExpiresAt, refreshedAt: command.now },
          },
        ];
      }
      case 'RevokeSession':
        if (state.status !== 'open') return [];
        return [{ type: 'service-provider.SessionRevoked', data: { sessionId: state.sessionId, reason: command.reason } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'service-provider.SessionStarted':
        return { status: 'open', ...event.data };
      case 'service-provider.SessionRefreshed':
        return state.status === 'open' ? { ...state, refreshTokenHash: event.data.refreshTokenHash, refreshExpiresAt: event.data.refreshExpiresAt } : state;
      case 'service-provider.SessionRevoked':
        return state.status === 'none' ? state : { status: 'revoked', sessionId: state.sessionId, userId: state.userId };
    }
  },
};

// ---- Login audit (a user's failed logins of one Istanbul day) -----------------------------------

export type LoginAuditCommand = { type: 'RecordLoginFailure'; userId: string; reason: 'bad-password' | 'disabled'; failedAt: string };

/** A failed login is a fact to keep for the audit; the throttle decides how often one is recorded (ADR 0022). */
export const loginAuditDecider: Decider<LoginAuditCommand, LoginAuditEvent, { failures: number }> = {
  initialState: () => ({ failures: 0 }),
  decide: ({ userId, reason, failedAt }) => [{ type: 'service-provider.LoginFailed', data: { userId, reason, failedAt } }],
  evolve: ({ failures }) => ({ failures: failures + 1 }),
};
