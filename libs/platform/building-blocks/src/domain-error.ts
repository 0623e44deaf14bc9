/**
 * A rule violation the caller can act on. `code` is the registry's wire code (İYS `Hnnn`), so the
 * HTTP layer maps it without knowing the rule.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
