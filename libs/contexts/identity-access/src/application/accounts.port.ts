import type { Role } from '@iys/platform/building-blocks';

/** Injection token of {@link Accounts}; bound to the PostgreSQL read model in the module. */
export const ACCOUNTS = Symbol('identity-access:Accounts');

/** An account as a login sees it. */
export interface LoginAccount {
  userId: string;
  role: Role;
  iysCode: number | null;
  integratorCode: number | null;
  passwordHash: string;
  disabled: boolean;
}

/** A session as the perimeter sees it: whether it may act, and who its user is now. */
export interface SessionPrincipal {
  /** Not revoked, and its user not disabled. */
  open: boolean;
  allowedIps: string[];
  role: Role;
  iysCode: number | null;
  integratorCode: number | null;
  brandCode: number | null;
  retailerCode: number | null;
}

/** An account as the administrator's user list shows it: no password hash, no sessions. */
export interface ListedAccount {
  userId: string;
  username: string;
  role: Role;
  iysCode: number | null;
  integratorCode: number | null;
  operatorCode: number | null;
  brandCode: number | null;
  retailerCode: number | null;
  allowedIps: string[];
  disabled: boolean;
}

/** What this context's use cases read of its accounts and sessions (the api-access read model). */
export interface Accounts {
  byUsername(username: string): Promise<LoginAccount | undefined>;
  byUserId(userId: string): Promise<LoginAccount | undefined>;
  /** The session holding (or having held) this refresh token hash, with its user. */
  byRefreshToken(refreshTokenHash: string): Promise<(LoginAccount & { sessionId: string }) | undefined>;
  openSessionsOf(userId: string): Promise<string[]>;
  hasAdmin(): Promise<boolean>;
  /** Accounts by user name (case-insensitive), from `offset`, at most `limit`; `role` narrows them. */
  list(filter: { role?: Role; offset: number; limit: number }): Promise<ListedAccount[]>;
  /** The user name of an account (an authenticator app's label), or undefined. */
  usernameOf(userId: string): Promise<string | undefined>;
  sessionPrincipal(sessionId: string, userId: string): Promise<SessionPrincipal | undefined>;
}
