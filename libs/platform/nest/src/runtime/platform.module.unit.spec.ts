import { describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { loadConfig } from '@iys/platform/config';
import { ReadRouter } from '@iys/platform/database';
import type { PiiVault } from '@iys/platform/pii';
import { createLogger } from './logger.js';
import { PlatformModule } from './platform.module.js';
import { APP_CONFIG } from './platform.tokens.js';

describe('PlatformModule', () => {
  it('hands every context the config with its getters (isProduction, trustProxy) and runProjections', () => {
    const config = loadConfig({ NODE_ENV: 'test', IYS_TRUST_PROXY: '10.0.0.0/8' });
    const module = PlatformModule.forRoot({
      config,
      pool: {} as pg.Pool,
      vault: {} as PiiVault,
      logger: createLogger('silent'),
      runProjections: true,
      instanceId: 'unit',
      tokenSigningKey: Buffer.alloc(32, 7),
    });
    const provided = (module.providers ?? []).find((provider) => (provider as { provide?: unknown }).provide === APP_CONFIG) as { useValue: typeof config & { runProjections: boolean } };
    expect(provided.useValue.trustProxy).toEqual(['10.0.0.0/8']);
    expect(provided.useValue.isProduction).toBe(false);
    expect(Object.getPrototypeOf(provided.useValue)).toBe(Object.getPrototypeOf(config));
    expect(provided.useValue.runProjections).toBe(true);
  });

  it('puts requests through the read-your-writes interceptor only when there are standbys', async () => {
    const runtime = { config: loadConfig({ NODE_ENV: 'test' }), pool: {} as pg.Pool, vault: {} as PiiVault, logger: createLogger('silent'), runProjections: true, instanceId: 'unit', tokenSigningKey: Buffer.alloc(32, 7) };
    const interceptors = (readRouter?: ReadRouter) =>
      (PlatformModule.forRoot({ ...runtime, readRouter }).providers ?? []).filter((provider) => (provider as { provide?: unknown }).provide === APP_INTERCEPTOR);
    expect(interceptors()).toHaveLength(0);
    const withStandby = new ReadRouter({ primary: {} as pg.Pool, replicaUrls: ['postgres://standby.invalid:5432/iys'] });
    try {
      expect(interceptors(withStandby)).toHaveLength(1);
    } finally {
      await withStandby.close();
    }
  });
});
