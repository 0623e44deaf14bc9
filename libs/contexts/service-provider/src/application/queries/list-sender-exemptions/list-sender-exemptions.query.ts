/** Exemptions, newest first; `current` keeps only those valid at `at`. */
export class ListSenderExemptionsQuery {
  constructor(readonly filter: { current?: { at: Date } } = {}) {}
}
