import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

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

  /** Token requests per hour per user name before 429 H084. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_TOKEN_REQUESTS_PER_HOUR = 300;

  /** Run projections and scheduled jobs inside the API process (the one-machine default). */
  @Transform(toBool) @IsBoolean()
  IYS_RUN_WORKER_IN_API = true;

  /** Fallback poll of async projections when no NOTIFY arrives. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  IYS_PROJECTION_POLL_MS = 1000;

  /** Projection lag (events) above which /health reports the projection as down. */
  @Transform(toInt) @IsInt() @Min(1)
  IYS_PROJECTION_LAG_ALERT = 10000;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat([
    'DATABASE_URL', 'IYS_MASTER_KEY', 'IYS_HMAC_KEY', 'IYS_TOKEN_SIGNING_KEY', 'IYS_ADMIN_USERNAME', 'IYS_ADMIN_PASSWORD', 'IYS_SIGNING_KEY',
  ]);
  const raw = Object.fromEntries(Object.entries(env).filter(([key]) => known.includes(key)));
  const config = plainToInstance(AppConfig, raw);
  const problems = validateSync(config, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if (config.isProduction) {
    if (!config.IYS_MASTER_KEY) problems.push('IYS_MASTER_KEY is required in production');
    if (!config.IYS_HMAC_KEY) problems.push('IYS_HMAC_KEY is required in production');
    if (!config.IYS_TOKEN_SIGNING_KEY) problems.push('IYS_TOKEN_SIGNING_KEY is required in production');
    if (!config.IYS_SIGNING_KEY) problems.push('IYS_SIGNING_KEY is required in production (base64 PKCS#8 DER Ed25519 private key)');
    if (!config.IYS_ADMIN_USERNAME || !config.IYS_ADMIN_PASSWORD) problems.push('IYS_ADMIN_USERNAME and IYS_ADMIN_PASSWORD are required in production');
    else if (config.IYS_ADMIN_PASSWORD.length < 16) problems.push('IYS_ADMIN_PASSWORD must be at least 16 characters in production');
    if (!config.DATABASE_URL) problems.push('DATABASE_URL is required in production (the embedded database is for development)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
