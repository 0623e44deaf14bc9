// ESM ts-jest: Nest 12 is ESM-only, and the CommonJS template fails on Node 20 (docs/adr/0002).
const moduleNameMapper = {
  '^@iys/platform/(.*)$': '<rootDir>/libs/platform/$1/src/index.ts',
  '^@iys/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@iys/composition$': '<rootDir>/libs/composition/src/index.ts',
  '^@iys/(service-provider|identity-access|consent|recipient|complaint|dealer|reconciliation)$':
    '<rootDir>/libs/contexts/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const base = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { module: 'esnext', moduleResolution: 'bundler', isolatedModules: true } }],
  },
};
export default {
  globalSetup: '<rootDir>/libs/platform/testing/src/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/platform/testing/src/global-teardown.mjs',
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '/test/e2e/web-[^/]*\\.e2e\\.spec\\.ts$'] },
    // Browser specs (docs/adr/0054): one Chromium for the run, launched only when one of them runs.
    {
      ...base,
      displayName: 'web',
      // `npm run docs:screenshots` adds the README's screenshots (test/docs), never part of `npm test`.
      testMatch: ['<rootDir>/test/e2e/web-*.e2e.spec.ts', ...(process.env.IYS_WRITE_SCREENSHOTS ? ['<rootDir>/test/docs/*.spec.ts'] : [])],
      globalSetup: '<rootDir>/test/support/browser-global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/browser-global-teardown.mjs',
    },
    { ...base, displayName: 'architecture', testMatch: ['<rootDir>/test/architecture/**/*.spec.ts'] },
  ],
};
