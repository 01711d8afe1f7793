import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { runCli } from '../helpers/spawned-server.ts';

describe('the environment schema', () => {
  it('has the documented defaults, so the sandbox needs no setting', () => {
    expect(loadConfig({})).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite:./data/connector.sqlite',
      MODE: 'sandbox',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      RATE_LIMIT_MAX: 200,
      RATE_LIMIT_WINDOW_S: 30,
      BODY_LIMIT_BYTES: 1_048_576,
      REQUEST_TIMEOUT_MS: 30_000,
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: 10,
      RATE_LIMIT_KEY_PREFIX: 'connector-messaging:rate-limit',
      WORKERS: 1,
      WEBHOOK_TIMEOUT_MS: 5000,
      WEBHOOK_RETRY_INITIAL_MS: 5000,
      WEBHOOK_RETRY_MAX_MS: 600_000,
      WEBHOOK_GIVE_UP_AFTER_MS: 86_400_000,
      WEBHOOK_RETENTION_DAYS: 30,
      WEBHOOK_ALLOW_PRIVATE: true,
      WEBHOOK_POLL_INTERVAL_MS: 250,
      ACTIVITY_POLL_INTERVAL_MS: 200,
      SANDBOX_API: true,
      JOURNAL_MAX_ENTRIES: 1000,
      JOURNAL_RETENTION_HOURS: 24,
    });
  });

  it('has the sandboxes API by default except in production', () => {
    expect(loadConfig({ MODE: 'development' }).SANDBOX_API).toBe(true);
    expect(loadConfig({ MODE: 'production' }).SANDBOX_API).toBe(false);
    expect(loadConfig({ MODE: 'production', SANDBOX_API: 'true' }).SANDBOX_API).toBe(true);
    expect(loadConfig({ SANDBOX_API: 'false' }).SANDBOX_API).toBe(false);
    expect(() => loadConfig({ SANDBOX_API: 'yes' })).toThrow(ConfigError);
  });

  it('allows private webhook receivers by default except in production', () => {
    expect(loadConfig({ MODE: 'development' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ MODE: 'production' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ MODE: 'production', WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
  });

  it('reads every variable, converting numbers', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@localhost/db',
      MODE: 'production',
      SQLITE_SYNCHRONOUS: 'FULL',
      RATE_LIMIT_MAX: '10',
      RATE_LIMIT_WINDOW_S: '5',
      BODY_LIMIT_BYTES: '2048',
      REQUEST_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'debug',
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_KEY_PREFIX: 'staging',
      WORKERS: '4',
    });
    expect(config).toMatchObject({ PORT: 0, MODE: 'production', SQLITE_SYNCHRONOUS: 'FULL', RATE_LIMIT_MAX: 10, REQUEST_TIMEOUT_MS: 1500 });
    expect(config).toMatchObject({ DATABASE_POOL_SIZE: 5, REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_KEY_PREFIX: 'staging', WORKERS: 4 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', MODE: '' })).toMatchObject({ PORT: 8080, MODE: 'sandbox' });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ SOMETHING_ELSE: 'x' })).toEqual(loadConfig({}));
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['MODE', 'test'],
    ['MODE', 'Sandbox'],
    ['SQLITE_SYNCHRONOUS', 'OFF'],
    ['RATE_LIMIT_MAX', '0'],
    ['RATE_LIMIT_MAX', 'lots'],
    ['RATE_LIMIT_WINDOW_S', '1.5'],
    ['BODY_LIMIT_BYTES', '0x400'],
    ['REQUEST_TIMEOUT_MS', '1e3'],
    ['PORT', ' 80'],
    ['BODY_LIMIT_BYTES', '1MB'],
    ['REQUEST_TIMEOUT_MS', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['WORKERS', '0'],
    ['DATABASE_POOL_SIZE', '0'],
    ['WEBHOOK_RETENTION_DAYS', '0'],
    ['JOURNAL_MAX_ENTRIES', '-1'],
    ['JOURNAL_RETENTION_HOURS', '0'],
    ['JOURNAL_RETENTION_HOURS', '0x10'],
    ['JOURNAL_RETENTION_HOURS', '1e3'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).toContain(value);
    expect(message).not.toContain('\n');
  });
});

describe('DATABASE_URL', () => {
  it.each(['postgres://u@localhost/db', 'postgresql://u@localhost/db', 'sqlite:./x.sqlite', 'sqlite::memory:', './data/x.sqlite', '/var/lib/x.sqlite'])(
    'accepts %s',
    (url) => expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url),
  );

  it('refuses another engine\'s URL by its scheme, never repeating the rest, which may carry a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:s3cret@db/x' })).toThrow(
      /^Invalid environment variable DATABASE_URL: unsupported scheme "mysql:"; use postgres:\/\/…, postgresql:\/\/…, sqlite:PATH, sqlite::memory: or a file path$/,
    );
  });
});

describe('the scale-out settings', () => {
  it('rejects a REDIS_URL that is not redis:// without repeating it, as it may carry a password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://:secret@127.0.0.1:6379' })).toThrow(/^Invalid environment variable REDIS_URL=\(hidden\)/);
  });

  it('refuses several WORKERS over sqlite::memory:, which processes cannot share', () => {
    expect(() => loadConfig({ WORKERS: '2', DATABASE_URL: 'sqlite::memory:' })).toThrow(/^Invalid environment variable WORKERS=2/);
    expect(loadConfig({ WORKERS: '2', DATABASE_URL: 'sqlite:./x.sqlite' }).WORKERS).toBe(2);
  });
});

describe('the command line with an invalid environment', { timeout: 60_000 }, () => {
  it.each([
    ['PORT', 'eighty'],
    ['MODE', 'staging'],
    ['RATE_LIMIT_MAX', '-5'],
  ])('stops `serve` on %s=%s with exit code 2 and one line naming it', async (name, value) => {
    const { code, stdout, stderr } = await runCli(['serve'], { [name]: value, PORT: name === 'PORT' ? value : '0', DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid environment variable ${name}=`));
  });

  it('stops `migrate` the same way', async () => {
    const { code, stderr } = await runCli(['migrate'], { SQLITE_SYNCHRONOUS: 'sometimes', DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toMatch(/^Invalid environment variable SQLITE_SYNCHRONOUS="sometimes": [^\n]+$/);
  });
});
