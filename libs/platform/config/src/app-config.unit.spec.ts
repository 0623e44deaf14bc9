import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.IYS_RUN_WORKER_IN_API).toBe(true);
  });

  it('reads typed values from strings', () => {
    const config = loadConfig({ PORT: '8080', IYS_RUN_WORKER_IN_API: 'false', DATABASE_URL: 'postgres://u:p@h/db' });
    expect(config.PORT).toBe(8080);
    expect(config.IYS_RUN_WORKER_IN_API).toBe(false);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', IYS_MASTER_KEY: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).message;
      expect(text).toContain('PORT');
      expect(text).toContain('DATABASE_URL');
      expect(text).toContain('IYS_MASTER_KEY');
    }
  });

  it('refuses to run production without its keys and database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/IYS_MASTER_KEY is required/);
  });
});
