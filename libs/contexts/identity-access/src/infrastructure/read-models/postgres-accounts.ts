import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { IdentityAccessContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';
import type { Role } from '@iys/platform/building-blocks';
import type { Accounts, ListedAccount, LoginAccount, SessionPrincipal } from '../../application/accounts.port.js';

const LOGIN_COLUMNS = `u.user_id AS "userId", u.role, u.iys_code AS "iysCode", u.integrator_code AS "integratorCode", u.password_hash AS "passwordHash", u.disabled`;

/**
 * The api-access read model (identity_access.users, sessions, retired_refresh_tokens), for this
 * context's use cases, its perimeter and the published OperatorDirectory port.
 */
@Injectable()
export class PostgresAccounts implements Accounts, IdentityAccessContracts.OperatorDirectoryPort {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async byUsername(username: string): Promise<LoginAccount | undefined> {
    const { rows } = await this.pool.query<LoginAccount>(`SELECT ${LOGIN_COLUMNS} FROM identity_access.users u WHERE lower(u.username) = lower($1)`, [username]);
    return rows[0];
  }

  async byUserId(userId: string): Promise<LoginAccount | undefined> {
    const { rows } = await this.pool.query<LoginAccount>(`SELECT ${LOGIN_COLUMNS} FROM identity_access.users u WHERE u.user_id = $1::uuid`, [userId]);
    return rows[0];
  }

  async byRefreshToken(refreshTokenHash: string): Promise<(LoginAccount & { sessionId: string }) | undefined> {
    const { rows } = await this.pool.query<LoginAccount & { sessionId: string }>(
      `SELECT s.session_id AS "sessionId", ${LOGIN_COLUMNS}
         FROM (SELECT session_id FROM identity_access.sessions WHERE refresh_token_hash = $1
               UNION ALL SELECT session_id FROM identity_access.retired_refresh_tokens WHERE refresh_token_hash = $1) AS found
         JOIN identity_access.sessions s USING (session_id)
         JOIN identity_access.users u ON u.user_id = s.user_id`,
      [refreshTokenHash],
    );
    return rows[0];
  }

  async openSessionsOf(userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ session_id: string }>('SELECT session_id FROM identity_access.sessions WHERE user_id = $1 AND revoked_reason IS NULL', [userId]);
    return rows.map((row) => row.session_id);
  }

  async hasAdmin(): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM identity_access.users WHERE role = 'admin' LIMIT 1`);
    return rowCount !== 0;
  }

  async list({ role, offset, limit }: { role?: Role; offset: number; limit: number }): Promise<ListedAccount[]> {
    const { rows } = await this.pool.query<ListedAccount>(
      `SELECT user_id AS "userId", username, role, iys_code AS "iysCode", integrator_code AS "integratorCode", operator_code AS "operatorCode",
              brand_code AS "brandCode", retailer_code AS "retailerCode", allowed_ips AS "allowedIps", disabled
         FROM identity_access.users WHERE ($1::text IS NULL OR role = $1)
        ORDER BY lower(username), user_id OFFSET $2 LIMIT $3`,
      [role ?? null, offset, limit],
    );
    return rows;
  }

  async usernameOf(userId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ username: string }>('SELECT username FROM identity_access.users WHERE user_id = $1::uuid', [userId]);
    return rows[0]?.username;
  }

  /** One query per request (the perimeter's): the session and its user's current row. */
  async sessionPrincipal(sessionId: string, userId: string): Promise<SessionPrincipal | undefined> {
    const { rows } = await this.pool.query<SessionPrincipal>(
      `SELECT s.revoked_reason IS NULL AND NOT u.disabled AS open, u.allowed_ips AS "allowedIps", u.role, u.iys_code AS "iysCode",
              u.integrator_code AS "integratorCode", u.brand_code AS "brandCode", u.retailer_code AS "retailerCode"
         FROM identity_access.sessions s JOIN identity_access.users u ON u.user_id = s.user_id
        WHERE s.session_id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    return rows[0];
  }

  async operatorCodeOf(userId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ operator_code: number }>(
      `SELECT operator_code FROM identity_access.users WHERE user_id = $1::uuid AND role = 'operator' AND NOT disabled AND operator_code IS NOT NULL`,
      [userId],
    );
    return rows[0]?.operator_code;
  }
}
