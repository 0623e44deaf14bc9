/** The registry's version, as in package.json (a unit test keeps them equal): /health and the OpenAPI document. */
export const REGISTRY_VERSION = '0.1.0';
