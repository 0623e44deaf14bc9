import 'reflect-metadata';
import os from 'node:os';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { isPublishedSecret, secretProblem, type SecretEncoding } from './secret-checks.js';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;
const MAIL_FROM = /^(?:[^<>]*<[^\s<>@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}>|[^\s<>@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/;

/**
 * Every setting the registry reads from the environment, validated once at start-up. `.env.example`
 * documents each of them; a bad value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Unset: an embedded PostgreSQL is started with its data under IYS_DATA_DIR. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @IsString()
  IYS_DATA_DIR = './.data';

  /** Port of the embedded PostgreSQL; 0 picks a free one at every start. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * Comma-separated URLs of hot standbys of DATABASE_URL: the read paths of ADR 0047 (C2, C5, the
   * operator gate, statistics, finished reports, audit history, the recipient's screens) are served
   * from them. Unset: every read goes to the primary.
   */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/[^\s,]+(\s*,\s*postgres(ql)?:\/\/[^\s,]+)*$/, { message: 'DATABASE_REPLICA_URLS must be comma-separated postgres:// URLs' })
  DATABASE_REPLICA_URLS?: string;

  /** A replica further behind the primary than this is taken out of rotation until it catches up. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600000)
  IYS_REPLICA_MAX_LAG_MS = 2000;

  /** Development: start one embedded hot standby beside the embedded primary and read from it. */
  @Transform(toBool) @IsBoolean()
  IYS_EMBEDDED_REPLICAS = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Base64 of 32 random bytes: wraps every recipient data key (AES-256-GCM). */
  @IsOptional() @Matches(BASE64_32_BYTES, { message: 'IYS_MASTER_KEY must be base64 of exactly 32 bytes' })
  IYS_MASTER_KEY?: string;

  /** Base64 of 32 random bytes: the HMAC key that turns an address into its lookup digest. */
  @IsOptional() @Matches(BASE64_32_BYTES, { message: 'IYS_HMAC_KEY must be base64 of exactly 32 bytes' })
  IYS_HMAC_KEY?: string;

  /** Base64 of 32 random bytes: signs access tokens (HS256). Derived from IYS_HMAC_KEY in development. */
  @IsOptional() @Matches(BASE64_32_BYTES, { message: 'IYS_TOKEN_SIGNING_KEY must be base64 of exactly 32 bytes' })
  IYS_TOKEN_SIGNING_KEY?: string;

  /**
   * Base64 of a PKCS#8 DER Ed25519 private key: signs the daily reconciliation snapshots. Required in
   * production; development generates one in IYS_DATA_DIR/dev-signing-key.pem.
   */
  @IsOptional() @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'IYS_SIGNING_KEY must be base64 (PKCS#8 DER Ed25519 private key)' })
  IYS_SIGNING_KEY?: string;

  /** The registry administrator created on first start. Required in production. */
  @IsOptional() @IsString()
  IYS_ADMIN_USERNAME?: string;

  @IsOptional() @IsString()
  IYS_ADMIN_PASSWORD?: string;

  /** Requests per second per API user before 429 H124 (counted per API instance). */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_RATE_LIMIT_PER_SECOND = 200;

  /** Token requests (password and refresh grants) per client address per hour before 429 H084. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_TOKEN_REQUESTS_PER_HOUR = 300;

  /** Failed passwords for one user name from one client address per hour before that pair gets 429 H084. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_LOGIN_FAILURES_PER_CLIENT = 10;

  /** Failed passwords from one client address, over all user names, per hour before the address gets 429 H084. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_LOGIN_FAILURES_PER_ADDRESS = 100;

  /**
   * Failed passwords for one user name over all addresses per hour; past it, every address that has
   * itself failed for that user gets 429 H084. An address without failures is never refused by it.
   */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_LOGIN_FAILURES_PER_USER = 20;

  /** Provider applications (`POST /applications`, public) per client address per hour before 429 H634. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_APPLICATIONS_PER_HOUR = 20;

  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (IP allow-lists, the
   * recipients' per-client code limits): unset = none (the TCP peer is the client), `true` = any
   * (only when nothing can reach the API except through the proxy), or comma-separated
   * addresses/CIDRs of the load balancers.
   */
  @IsOptional() @Matches(/^(true|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/, { message: 'IYS_TRUST_PROXY must be true or comma-separated addresses/CIDRs' })
  IYS_TRUST_PROXY?: string;

  /**
   * How many API processes serve HTTP on the port (docs/adr/0058). Above 1, `npm start`'s process
   * is their primary and the background work runs in one worker process of its own. Unset: one per
   * core in production, 1 in development and test (one process starts in a third of the time of
   * three, and the suite starts many servers on a shared machine).
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(256)
  IYS_API_PROCESSES?: number;

  /** Run projections and scheduled jobs inside the API process (the one-machine default). */
  @Transform(toBool) @IsBoolean()
  IYS_RUN_WORKER_IN_API = true;

  /**
   * How long the perimeter remembers an open session's check (ADR 0053). A change made through
   * this process applies at once; one made through another process within this time. 0 = every
   * request reads it.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(5000)
  IYS_SESSION_CACHE_MS = 1000;

  /** Fallback poll of async projections when no NOTIFY arrives. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  IYS_PROJECTION_POLL_MS = 1000;

  /** Projection lag (events) above which /health reports the projection as down. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_PROJECTION_LAG_ALERT = 10000;

  /** Days before today whose movement file (M4) a provider may download; İYS serves seven. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90)
  IYS_MOVEMENT_FILE_WINDOW_DAYS = 7;

  /** Where recipients reach the registry: the base of one-click opt-out links. Default http://localhost:PORT. */
  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'IYS_PUBLIC_BASE_URL must be an http(s) URL' })
  IYS_PUBLIC_BASE_URL?: string;

  /** Consent notices one address may receive per Europe/Istanbul day (bulk uploads are gathered into one). */
  @Transform(toInt) @IsInt() @Min(1) @Max(24)
  IYS_RECIPIENT_NOTICES_PER_DAY = 1;

  /** How long new consents of an address are gathered before their notice goes out. */
  @Transform(toInt) @IsInt() @Min(0) @Max(86400)
  IYS_RECIPIENT_NOTICE_DELAY_SECONDS = 60;

  /** Days a one-click opt-out link stays valid. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365)
  IYS_OPT_OUT_LINK_DAYS = 30;

  /**
   * Days the registry keeps a recipient's consent records after an erasure request and after their
   * last consent movement, before crypto-shredding them (docs/adr/0020). Default three years.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  IYS_RECIPIENT_RETENTION_DAYS = 1095;

  /** Days the operator gate keeps its log of DENY decisions (docs/adr/0033). */
  @Transform(toInt) @IsInt() @Min(1) @Max(3650)
  IYS_GATE_DENY_LOG_DAYS = 30;

  /** Days a finished scrub job's result stays downloadable (docs/adr/0034). */
  @Transform(toInt) @IsInt() @Min(1) @Max(90)
  IYS_SCRUB_RESULT_DAYS = 7;

  /**
   * Bearer token of `GET /metrics` (Prometheus). Required in production; in development, unset leaves
   * /metrics open to whoever can reach the port (ADR 0042).
   */
  @IsOptional() @IsString()
  IYS_METRICS_TOKEN?: string;

  /** Shared secret of the inbound-SMS gateway's HMAC signature. Development derives one from IYS_HMAC_KEY. */
  @IsOptional() @IsString()
  IYS_SMS_WEBHOOK_SECRET?: string;

  /** Delivery attempts of one outbox message before it becomes a dead letter (ADR 0018). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  IYS_OUTBOX_MAX_ATTEMPTS = 10;

  /**
   * Size in MB at which the development recording file (channels without a gateway) is rotated;
   * IYS_OUTBOX_RECORDING_KEEP older files are kept, so it never holds more than (KEEP + 1) × this.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(1024)
  IYS_OUTBOX_RECORDING_ROTATE_MB = 10;

  /** Rotated recording files kept besides the current one (0: a full file is deleted). */
  @Transform(toInt) @IsInt() @Min(0) @Max(20)
  IYS_OUTBOX_RECORDING_KEEP = 2;

  /** SMS gateway (POST JSON with an Idempotency-Key). Unset: SMS are only recorded (development). */
  @IsOptional() @Matches(HTTP_URL, { message: 'IYS_SMS_GATEWAY_URL must start with http:// or https://' })
  IYS_SMS_GATEWAY_URL?: string;

  /** Sent as `Authorization: Bearer …` to the SMS gateway. */
  @IsOptional() @IsString()
  IYS_SMS_GATEWAY_TOKEN?: string;

  /** The call centre's queue (same request as the SMS gateway). Unset: calls are only recorded. */
  @IsOptional() @Matches(HTTP_URL, { message: 'IYS_CALL_GATEWAY_URL must start with http:// or https://' })
  IYS_CALL_GATEWAY_URL?: string;

  /** Sent as `Authorization: Bearer …` to the call-centre queue. */
  @IsOptional() @IsString()
  IYS_CALL_GATEWAY_TOKEN?: string;

  /** SMTP relay, `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465`. Unset: e-mails are only recorded. */
  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'IYS_SMTP_URL must start with smtp:// or smtps://' })
  IYS_SMTP_URL?: string;

  /** The From address of the registry's e-mails; its domain names their Message-IDs. Required with IYS_SMTP_URL. */
  @IsOptional() @Matches(MAIL_FROM, { message: 'IYS_MAIL_FROM must be an e-mail address, optionally as "Name <address>"' })
  IYS_MAIL_FROM?: string;

  /** Time a client has to send a request's headers before 408 H636 and the connection is closed (ADR 0024). */
  @Transform(toInt) @IsInt() @Min(10) @Max(600000)
  IYS_HTTP_HEADERS_TIMEOUT_MS = 10000;

  /** Time a client has to send a whole request, headers and body, before 408 H636. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600000)
  IYS_HTTP_REQUEST_TIMEOUT_MS = 30000;

  /** An idle keep-alive connection is closed after this; keep it above a load balancer's idle timeout. */
  @Transform(toInt) @IsInt() @Min(10) @Max(600000)
  IYS_HTTP_KEEP_ALIVE_TIMEOUT_MS = 72000;

  /** Open connections one client address (the TCP peer) may hold; more are answered 429 H645. 0: no cap. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1000000)
  IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT = 256;

  /** IYS_TRUST_PROXY in the shape Fastify's `trustProxy` takes. */
  get trustProxy(): boolean | string[] {
    const value = this.IYS_TRUST_PROXY?.trim();
    if (!value) return false;
    if (value === 'true') return true;
    return value.split(',').map((entry) => entry.trim());
  }

  /** The hot standbys of DATABASE_URL (ADR 0047). */
  /** IYS_API_PROCESSES, or its default for this environment. */
  get apiProcesses(): number {
    return this.IYS_API_PROCESSES ?? (this.isProduction ? os.availableParallelism() : 1);
  }

  get replicaUrls(): string[] {
    return (this.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter((url) => url.length > 0);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One line, so a start-up failure is exactly one line on stderr.
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Keys and shared secrets checked at every start (length, not one byte repeated, never published). */
const SECRETS: ReadonlyArray<readonly ['IYS_MASTER_KEY' | 'IYS_HMAC_KEY' | 'IYS_TOKEN_SIGNING_KEY' | 'IYS_SIGNING_KEY' | 'IYS_SMS_WEBHOOK_SECRET' | 'IYS_METRICS_TOKEN', SecretEncoding]> = [
  ['IYS_MASTER_KEY', 'base64'],
  ['IYS_HMAC_KEY', 'base64'],
  ['IYS_TOKEN_SIGNING_KEY', 'base64'],
  ['IYS_SIGNING_KEY', 'base64'],
  ['IYS_SMS_WEBHOOK_SECRET', 'utf8'],
  ['IYS_METRICS_TOKEN', 'utf8'],
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat([
    'IYS_API_PROCESSES', 'DATABASE_URL', 'DATABASE_REPLICA_URLS', 'IYS_MASTER_KEY', 'IYS_HMAC_KEY', 'IYS_TOKEN_SIGNING_KEY', 'IYS_ADMIN_USERNAME', 'IYS_ADMIN_PASSWORD', 'IYS_SIGNING_KEY',
    'IYS_PUBLIC_BASE_URL', 'IYS_SMS_WEBHOOK_SECRET', 'IYS_METRICS_TOKEN', 'IYS_TRUST_PROXY',
    'IYS_SMS_GATEWAY_URL', 'IYS_SMS_GATEWAY_TOKEN', 'IYS_CALL_GATEWAY_URL', 'IYS_CALL_GATEWAY_TOKEN', 'IYS_SMTP_URL', 'IYS_MAIL_FROM',
  ]);
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => known.includes(key)));
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  for (const [name, encoding] of SECRETS) {
    const value = config[name];
    // A value of the wrong format is already reported by its own rule.
    const problem = value && !errors.some((error) => error.property === name) ? secretProblem(name, value, encoding) : undefined;
    if (problem) problems.push(problem);
  }
  if (config.IYS_HTTP_HEADERS_TIMEOUT_MS > config.IYS_HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('IYS_HTTP_HEADERS_TIMEOUT_MS must not exceed IYS_HTTP_REQUEST_TIMEOUT_MS (the request timeout covers the headers too)');
  }
  if (config.DATABASE_REPLICA_URLS && !config.DATABASE_URL) problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary they are standbys of); the embedded database gets its standby from IYS_EMBEDDED_REPLICAS=1');
  if (config.IYS_EMBEDDED_REPLICAS && config.DATABASE_URL) problems.push('IYS_EMBEDDED_REPLICAS=1 starts a standby of the embedded database: unset DATABASE_URL, or list your standbys in DATABASE_REPLICA_URLS');
  if (config.IYS_SMTP_URL && !config.IYS_MAIL_FROM) problems.push('IYS_MAIL_FROM is required with IYS_SMTP_URL (the From address of the registry\'s e-mails)');
  if (config.isProduction) {
    const unsentChannels = [
      ['IYS_SMS_GATEWAY_URL', config.IYS_SMS_GATEWAY_URL],
      ['IYS_SMTP_URL', config.IYS_SMTP_URL],
      ['IYS_CALL_GATEWAY_URL', config.IYS_CALL_GATEWAY_URL],
    ].filter(([, value]) => !value);
    if (unsentChannels.length > 0) {
      problems.push(`${unsentChannels.map(([name]) => name).join(', ')} required in production: without them messages would only be recorded, never sent`);
    }
    if (!config.IYS_MASTER_KEY) problems.push('IYS_MASTER_KEY is required in production');
    if (!config.IYS_HMAC_KEY) problems.push('IYS_HMAC_KEY is required in production');
    if (!config.IYS_TOKEN_SIGNING_KEY) problems.push('IYS_TOKEN_SIGNING_KEY is required in production');
    if (!config.IYS_SIGNING_KEY) problems.push('IYS_SIGNING_KEY is required in production (base64 PKCS#8 DER Ed25519 private key)');
    if (!config.IYS_ADMIN_USERNAME || !config.IYS_ADMIN_PASSWORD) problems.push('IYS_ADMIN_USERNAME and IYS_ADMIN_PASSWORD are required in production');
    else if (config.IYS_ADMIN_PASSWORD.length < 16) problems.push('IYS_ADMIN_PASSWORD must be at least 16 characters in production');
    else if (isPublishedSecret(config.IYS_ADMIN_PASSWORD)) problems.push('IYS_ADMIN_PASSWORD is a value published in the project\'s repository; choose another');
    if (!config.IYS_SMS_WEBHOOK_SECRET) problems.push('IYS_SMS_WEBHOOK_SECRET (at least 32 bytes) is required in production');
    if (!config.IYS_METRICS_TOKEN) problems.push('IYS_METRICS_TOKEN (at least 32 bytes) is required in production: the bearer token of GET /metrics');
    if (!config.IYS_PUBLIC_BASE_URL) problems.push('IYS_PUBLIC_BASE_URL is required in production (opt-out links point to it)');
    if (!config.DATABASE_URL) problems.push('DATABASE_URL is required in production (the embedded database is for development)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
