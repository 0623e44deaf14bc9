/** Who calls the API, as established by the access token. Carries no personal data. */
export type Role = 'admin' | 'provider' | 'integrator' | 'authority' | 'operator';

export const ROLES: readonly Role[] = ['admin', 'provider', 'integrator', 'authority', 'operator'];

export interface Principal {
  userId: string;
  role: Role;
  /** The provider an API user is bound to. */
  iysCode?: number;
  /** The integrator an integrator user acts as. */
  integratorCode?: number;
  sessionId: string;
}
