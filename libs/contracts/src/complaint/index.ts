// Published language of the complaint context: the integration events, identifiers and query
// shapes that other contexts may depend on. Empty for now; whatever is added here is a
// versioned contract, so it holds plain types and constants only — no Nest, no database.
export {};

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = { context: 'complaint', categories: ['complaint', 'authorityScope'], eventTypes: [] } as const;
