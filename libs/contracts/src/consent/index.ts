// Published language of the consent context: the integration events, identifiers and query
// shapes that other contexts may depend on. Empty for now; whatever is added here is a
// versioned contract, so it holds plain types and constants only — no Nest, no database.
export {};
