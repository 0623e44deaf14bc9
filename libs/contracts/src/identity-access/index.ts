// Published language of the identity-and-access context (API users, sessions, the perimeter).
// Event type strings are a versioned contract: these kept the prefix they were first stored under.

/** An API user (of any role, e.g. a call-centre agent) was disabled: whatever it opened must close. */
export const API_USER_DISABLED = 'service-provider.ApiUserDisabled';
export interface ApiUserDisabled {
  userId: string;
}

/** Injection token of the port below; the identity-access context provides it globally. */
export const OPERATOR_DIRECTORY = 'identity-access:OperatorDirectory';
/**
 * Which gateway (operatorCode) an `operator` API user belongs to, from the user's server-side record:
 * never from anything the caller sends. Undefined for other roles and disabled users.
 */
export interface OperatorDirectoryPort {
  operatorCodeOf(userId: string): Promise<number | undefined>;
}

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = { context: 'identity-access', categories: ['apiUser', 'apiSession', 'loginAudit', 'apiUserTotp', 'providerTotpPolicy'], eventTypes: [API_USER_DISABLED] } as const;
