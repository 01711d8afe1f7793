import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Every setting the server reads, from the environment. Defaults are the sandbox's: `npm start` on a fresh machine
 * needs none of them. Invalid values stop the server before anything else runs, with one line naming the variable.
 */
export const EnvironmentSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /** `sqlite:PATH`, a bare file path, or `postgres://…`. */
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
  /** Whether receivers on private, loopback or link-local addresses are allowed; unset: yes except in production. */
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(Type.Boolean()),
  /** How often each process looks for webhook work committed by other processes, and for retries that fell due. */
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 250 }),
});

export type Config = Omit<Static<typeof EnvironmentSchema>, 'WEBHOOK_ALLOW_PRIVATE'> & {
  readonly WEBHOOK_ALLOW_PRIVATE: boolean;
};
export type Mode = Config['MODE'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const KEYS = Object.keys(EnvironmentSchema.properties) as (keyof Config)[];

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
  const converted = Value.Convert(EnvironmentSchema, Value.Default(EnvironmentSchema, raw));
  const error = Value.Errors(EnvironmentSchema, converted)[0];
  if (error) {
    const name = error.instancePath.replace(/^\//, '') || String((error.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? 'environment');
    throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(raw[name] ?? '')}: ${error.message}`);
  }
  const config = converted as Static<typeof EnvironmentSchema>;
  return { ...config, WEBHOOK_ALLOW_PRIVATE: config.WEBHOOK_ALLOW_PRIVATE ?? config.MODE !== 'production' };
}
