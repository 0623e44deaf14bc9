/** Who calls the API, as established by the access token. Carries no personal data. */
/**
 * `operator`: a message gateway's system account (runs status checks). `agent`: a call-centre agent
 * of the registry, who acts for a caller once the caller has read back a code sent to their address.
 * `retailer`: a provider's retailer (bayi), reading only the consents it was given access to.
 */
export type Role = 'admin' | 'provider' | 'integrator' | 'authority' | 'operator' | 'agent' | 'retailer';

export const ROLES: readonly Role[] = ['admin', 'provider', 'integrator', 'authority', 'operator', 'agent', 'retailer'];

export interface Principal {
  userId: string;
  role: Role;
  /** The provider an API user is bound to. */
  iysCode?: number;
  /** The integrator an integrator user acts as. */
  integratorCode?: number;
  /** A retailer user's retailer: set by the guard from the user's row, never from the token. */
  retailer?: { iysCode: number; brandCode: number; retailerCode: number };
  sessionId: string;
}

/**
 * A recipient (citizen or merchant) signed in with a one-time code, or a call-centre agent acting
 * for one. Reaches only the consents of the account's verified addresses. No personal data: the
 * account id is opaque.
 */
export interface RecipientPrincipal {
  accountId: string;
  sessionId: string;
  /** Set when a call-centre agent acts for the recipient: the agent's API user id. */
  agentId?: string;
}
