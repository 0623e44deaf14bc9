// @iys/contracts: the published language between bounded contexts. A context may import
// another context's contracts from here, never its files. Each context's contracts are a
// namespace ("…Contracts" so they do not clash with the aggregates of the same name).
// This library depends on nothing else in the repository (enforced by test/architecture).
export * as ServiceProviderContracts from './service-provider/index.js';
export * as IdentityAccessContracts from './identity-access/index.js';
export * as ConsentContracts from './consent/index.js';
export * as RecipientContracts from './recipient/index.js';
export * as ComplaintContracts from './complaint/index.js';
export * as DealerContracts from './dealer/index.js';
export * as ReconciliationContracts from './reconciliation/index.js';
