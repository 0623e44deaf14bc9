/**
 * İYS numbers (iysCode, brandCode, integratorCode) issued by the registry: never the same number
 * twice, even across concurrent approvals; a number drawn for a command that then loses a race is
 * simply never used. Implemented in infrastructure (database sequences).
 */
export interface RegistryCodes {
  nextIysCode(): Promise<number>;
  nextIntegratorCode(): Promise<number>;
  /** Brand codes share the iysCode space: a master brand is numbered with its provider's iysCode. */
  nextBrandCodes(count: number): Promise<number[]>;
}

export const REGISTRY_CODES = Symbol('REGISTRY_CODES');
