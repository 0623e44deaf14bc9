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

  it('reads the read replicas (ADR 0047) and refuses replicas without their primary', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@primary/db', DATABASE_REPLICA_URLS: 'postgres://u:p@r1/db, postgresql://u:p@r2:5433/db' });
    expect(config.replicaUrls).toEqual(['postgres://u:p@r1/db', 'postgresql://u:p@r2:5433/db']);
    expect(config.IYS_REPLICA_MAX_LAG_MS).toBe(2000);
    expect(loadConfig({}).replicaUrls).toEqual([]);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u:p@r1/db' })).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@primary/db', DATABASE_REPLICA_URLS: 'mysql://r1' })).toThrow(/DATABASE_REPLICA_URLS must be/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@primary/db', IYS_EMBEDDED_REPLICAS: '1' })).toThrow(/IYS_EMBEDDED_REPLICAS=1 starts a standby of the embedded database/);
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

  it('reads the HTTP edge limits, refusing a header timeout longer than the request timeout', () => {
    const defaults = loadConfig({});
    expect([defaults.IYS_HTTP_HEADERS_TIMEOUT_MS, defaults.IYS_HTTP_REQUEST_TIMEOUT_MS, defaults.IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT]).toEqual([10000, 30000, 256]);
    expect(loadConfig({ IYS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '200', IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT: '0' }).IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT).toBe(0);
    expect(() => loadConfig({ IYS_HTTP_HEADERS_TIMEOUT_MS: '5000', IYS_HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(/must not exceed IYS_HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ IYS_HTTP_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/IYS_HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('refuses to run production without its keys and database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/IYS_MASTER_KEY is required/);
  });

  it('reads the outbox settings: gateways optional outside production, IYS_MAIL_FROM required with IYS_SMTP_URL', () => {
    const defaults = loadConfig({});
    expect(defaults.IYS_OUTBOX_MAX_ATTEMPTS).toBe(10);
    expect([defaults.IYS_OUTBOX_RECORDING_ROTATE_MB, defaults.IYS_OUTBOX_RECORDING_KEEP]).toEqual([10, 2]);
    expect(loadConfig({ IYS_OUTBOX_RECORDING_ROTATE_MB: '1', IYS_OUTBOX_RECORDING_KEEP: '0' })).toMatchObject({ IYS_OUTBOX_RECORDING_ROTATE_MB: 1, IYS_OUTBOX_RECORDING_KEEP: 0 });
    expect(() => loadConfig({ IYS_OUTBOX_RECORDING_ROTATE_MB: '0' })).toThrow('IYS_OUTBOX_RECORDING_ROTATE_MB');
    expect(() => loadConfig({ IYS_OUTBOX_RECORDING_KEEP: '21' })).toThrow('IYS_OUTBOX_RECORDING_KEEP');
    expect([defaults.IYS_SMS_GATEWAY_URL, defaults.IYS_SMTP_URL, defaults.IYS_MAIL_FROM, defaults.IYS_CALL_GATEWAY_URL]).toEqual([undefined, undefined, undefined, undefined]);
    const config = loadConfig({
      IYS_OUTBOX_MAX_ATTEMPTS: '4',
      IYS_SMS_GATEWAY_URL: 'https://sms.example/v1/messages',
      IYS_SMS_GATEWAY_TOKEN: 'secret',
      IYS_CALL_GATEWAY_URL: 'http://call.example/queue',
      IYS_SMTP_URL: 'smtps://iys:pass@smtp.example:465',
      IYS_MAIL_FROM: 'İYS <noreply@iys.example>',
    });
    expect(config).toMatchObject({ IYS_OUTBOX_MAX_ATTEMPTS: 4, IYS_SMS_GATEWAY_TOKEN: 'secret', IYS_MAIL_FROM: 'İYS <noreply@iys.example>' });
    expect(() => loadConfig({ IYS_SMTP_URL: 'smtp://smtp.example:587' })).toThrow(/IYS_MAIL_FROM is required with IYS_SMTP_URL/);
    const bad = () => loadConfig({ IYS_SMTP_URL: 'mail.example', IYS_SMS_GATEWAY_URL: 'ftp://x', IYS_MAIL_FROM: 'nobody', IYS_OUTBOX_MAX_ATTEMPTS: '0' });
    for (const name of ['IYS_SMTP_URL must start', 'IYS_SMS_GATEWAY_URL must start', 'IYS_MAIL_FROM must be', 'IYS_OUTBOX_MAX_ATTEMPTS']) expect(bad).toThrow(name);
  });

  it('refuses production with a channel that would only be recorded', () => {
    const problemsOf = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ NODE_ENV: 'production', ...env });
        return '';
      } catch (error) {
        return (error as ConfigError).message;
      }
    };
    expect(problemsOf({ IYS_SMS_GATEWAY_URL: 'https://sms.example' })).toContain(
      'IYS_SMTP_URL, IYS_CALL_GATEWAY_URL required in production: without them messages would only be recorded, never sent',
    );
    const gateways = { IYS_SMS_GATEWAY_URL: 'https://sms.example', IYS_CALL_GATEWAY_URL: 'https://call.example', IYS_SMTP_URL: 'smtp://smtp.example', IYS_MAIL_FROM: 'noreply@iys.example' };
    expect(problemsOf(gateways)).not.toContain('would only be recorded');
  });

  it('reads which proxies to trust for the client address', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ IYS_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ IYS_TRUST_PROXY: '10.0.0.0/8, 192.168.1.10' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10']);
    expect(() => loadConfig({ IYS_TRUST_PROXY: 'everyone' })).toThrow(/IYS_TRUST_PROXY/);
  });
});
