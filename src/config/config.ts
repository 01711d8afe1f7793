import { Ajv } from 'ajv';
import { Type, type Static } from 'typebox';
import { parseDatabaseUrl, UnsupportedDatabaseUrlError } from './database-url.ts';

/**
 * Every setting the server reads, from the environment. Defaults are the sandbox's: `npm start` on a fresh machine
 * needs none of them. Invalid values stop the server before anything else runs, with one line naming the variable.
 */
export const EnvironmentSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /** `sqlite:PATH`, `sqlite::memory:`, a bare file path, or `postgres://…` (see `parseDatabaseUrl`). */
  DATABASE_URL: Type.String({ minLength: 1, default: 'sqlite:./data/connector.sqlite' }),
  /** sandbox: demo tenants seeded; production: nothing seeded; development: sandbox plus error `Details`. */
  MODE: Type.Enum(['sandbox', 'production', 'development'], { default: 'sandbox' }),
  /** NORMAL loses no acknowledged write when the process dies; FULL also survives power loss. */
  SQLITE_SYNCHRONOUS: Type.Enum(['NORMAL', 'FULL'], { default: 'NORMAL' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 200 }),
  RATE_LIMIT_WINDOW_S: Type.Integer({ minimum: 1, default: 30 }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1, default: 1_048_576 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30_000 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** A webhook receiver must answer 2xx within this time (each redirect hop alike). */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 5000 }),
  /** Retries wait a random time up to this, doubling per attempt up to WEBHOOK_RETRY_MAX_MS (full jitter). */
  WEBHOOK_RETRY_INITIAL_MS: Type.Integer({ minimum: 1, default: 5000 }),
  WEBHOOK_RETRY_MAX_MS: Type.Integer({ minimum: 1, default: 600_000 }),
  /** A delivery still failing this long after its first attempt is marked failed (and kept in the log). */
  WEBHOOK_GIVE_UP_AFTER_MS: Type.Integer({ minimum: 0, default: 86_400_000 }),
  /** Deliveries that ended (sent or given up) are kept in the log this many days after their last attempt, then removed. */
  WEBHOOK_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  /** Whether receivers on private, loopback or link-local addresses are allowed; unset: yes except in production. */
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(Type.Boolean()),
  /** How often each process looks for webhook work committed by other processes, and for retries that fell due. */
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 250 }),
  /** How often each process reads the activity feed for its live streams, and re-checks their sessions. */
  ACTIVITY_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 200 }),
  /** PostgreSQL only: connections in each process's pool. */
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  /** `redis://…`: request limits shared by every process; unset, each process counts its own. */
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Prefix of the limiter's Redis keys, so that several deployments can share one Redis. */
  RATE_LIMIT_KEY_PREFIX: Type.String({ minLength: 1, default: 'connector-messaging:rate-limit' }),
  /** Server processes sharing the port (node:cluster); 1 serves from the main process itself. */
  WORKERS: Type.Integer({ minimum: 1, maximum: 256, default: 1 }),
  /** Bearer token of the admin API; unset: `SANDBOX_ADMIN_TOKEN` outside production, no admin API in production. */
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, pattern: '^\\S+$' })),
  /** Whether the admin API has the sandboxes' operations; unset: yes except in production. */
  SANDBOX_API: Type.Optional(Type.Boolean()),
  /** Connector API requests kept in each sandbox's request journal, newest first; 0 records none. Only with SANDBOX_API. */
  JOURNAL_MAX_ENTRIES: Type.Integer({ minimum: 0, maximum: 100_000, default: 1000 }),
  /** How long the request journal keeps an entry; a fraction is allowed (0.5 is half an hour). */
  JOURNAL_RETENTION_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 8760, default: 24 }),
});

export type Config = Omit<Static<typeof EnvironmentSchema>, 'WEBHOOK_ALLOW_PRIVATE' | 'SANDBOX_API'> & {
  readonly WEBHOOK_ALLOW_PRIVATE: boolean;
  readonly SANDBOX_API: boolean;
};
export type Mode = Config['MODE'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const KEYS = Object.keys(EnvironmentSchema.properties) as (keyof Config)[];
/**
 * Checks the environment's strings against the schema, in place: each converted to the type its setting has, and
 * defaults filled in. Ajv, which Fastify loads anyway, rather than TypeBox's own `Value`, which would cost a start-up
 * about 130 ms more to load.
 */
const validateEnvironment = new Ajv({ coerceTypes: true, useDefaults: true, strict: false }).compile(EnvironmentSchema);
/** Variables whose value an error message must not repeat. */
const SECRET_KEYS = new Set<string>(['ADMIN_TOKEN', 'REDIS_URL']);

/**
 * Reads the settings from an environment (normally `process.env`). Unset and empty variables take their defaults.
 *
 * @throws ConfigError with a one-line message naming the first invalid variable.
 * @example loadConfig({ PORT: '0', DATABASE_URL: 'sqlite::memory:' })
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  // Conversion would read `0x50` as 80: a number must be written as the plain integer it is.
  for (const key of KEYS) {
    const value = raw[key];
    if (Type.IsInteger(EnvironmentSchema.properties[key]) && value !== undefined && !/^-?\d+$/.test(String(value))) {
      throw new ConfigError(`Invalid environment variable ${key}=${JSON.stringify(value)}: must be a whole number`);
    }
    if (Type.IsNumber(EnvironmentSchema.properties[key]) && value !== undefined && !/^\d+(\.\d+)?$/.test(String(value))) {
      throw new ConfigError(`Invalid environment variable ${key}=${JSON.stringify(value)}: must be a decimal number`);
    }
  }
  const converted = { ...raw };
  const error = validateEnvironment(converted) ? undefined : validateEnvironment.errors?.[0];
  if (error) {
    const name = error.instancePath.replace(/^\//, '') || String((error.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? 'environment');
    const shown = SECRET_KEYS.has(name) ? '(hidden)' : JSON.stringify(raw[name] ?? '');
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const reason = allowed ? `must be one of ${allowed.join(', ')}` : error.message;
    throw new ConfigError(`Invalid environment variable ${name}=${shown}: ${reason}`);
  }
  const config = converted as Static<typeof EnvironmentSchema>;
  try {
    parseDatabaseUrl(config.DATABASE_URL);
  } catch (failure) {
    if (!(failure instanceof UnsupportedDatabaseUrlError)) throw failure;
    // Not the value: a URL may carry a password.
    throw new ConfigError(`Invalid environment variable DATABASE_URL: ${failure.message}`);
  }
  if (config.WORKERS > 1 && /^sqlite::memory:$/.test(config.DATABASE_URL)) {
    throw new ConfigError(`Invalid environment variable WORKERS=${config.WORKERS}: several processes need a database they share (a file or PostgreSQL), not sqlite::memory:`);
  }
  const sandboxLike = config.MODE !== 'production';
  return { ...config, WEBHOOK_ALLOW_PRIVATE: config.WEBHOOK_ALLOW_PRIVATE ?? sandboxLike, SANDBOX_API: config.SANDBOX_API ?? sandboxLike };
}

/** The admin token of sandbox and development mode when ADMIN_TOKEN is unset: public, like the demo credentials. */
export const SANDBOX_ADMIN_TOKEN = 'sandbox-admin-token';

/** The token the admin API accepts; undefined when it has none and so does not exist (production without ADMIN_TOKEN). */
export function adminTokenOf(config: Config): string | undefined {
  return config.ADMIN_TOKEN ?? (config.MODE === 'production' ? undefined : SANDBOX_ADMIN_TOKEN);
}
