export class ListIntegratorProvidersQuery {
  constructor(
    readonly integratorCode: number,
    /** B3: only this provider. */
    readonly iysCode?: number,
  ) {}
}
