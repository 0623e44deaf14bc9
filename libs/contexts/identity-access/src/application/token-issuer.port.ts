/** Lifetimes of İYS's token endpoint (iys-api.md §2.1). */
export const ACCESS_TOKEN_SECONDS = 7200;
export const REFRESH_TOKEN_SECONDS = 14400;

/** Injection token of {@link TokenIssuer}; bound to the JWT AccessTokenService in the module. */
export const TOKEN_ISSUER = Symbol('identity-access:TokenIssuer');

/** Signs an access token that names a user and a session, and nothing else (docs/adr/0022). */
export interface TokenIssuer {
  issue(subject: { userId: string; sessionId: string }): Promise<string>;
}
