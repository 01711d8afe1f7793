import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { redisLimiter } from '../../src/http/shared/redis-rate-limit.ts';
import type { RequestLimiter } from '../../src/http/shared/rate-limit.ts';
import { eventually } from '../helpers/eventually.ts';
import { testBackend, unusedPort } from '../helpers/server.ts';

// Runs a Redis of its own, started only after the limiters, as when Redis comes back after an outage.
describe.runIf(testBackend === 'postgres')('the Redis limiter when Redis comes back', () => {
  let redis: ChildProcess | undefined;
  const limiters: RequestLimiter[] = [];
  afterAll(async () => {
    await Promise.all(limiters.map((limiter) => limiter.close()));
    redis?.kill('SIGTERM');
  });

  it('counts in process while Redis is away, then shares the counts of every process again', async () => {
    const port = await unusedPort();
    const messages: string[] = [];
    const log = { warn: (_: object, message: string) => messages.push(message), info: (_: object, message: string) => messages.push(message) };
    const options = { max: 3, windowS: 300, url: `redis://127.0.0.1:${port}`, keyPrefix: `reconnect-${port}`, log };
    // Two limiters stand for two server processes.
    limiters.push(await redisLimiter(options), await redisLimiter(options));
    const [one, two] = limiters as [RequestLimiter, RequestLimiter];

    // Away: each counts on its own, so each lets its own 3 through.
    for (const limiter of [one, two]) {
      for (let i = 0; i < 3; i++) expect(await limiter.consume('token-away')).toEqual({ allowed: true });
    }
    expect(messages.filter((m) => /Redis unreachable/.test(m)).length).toBeGreaterThanOrEqual(1);

    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const answers = (limiter: RequestLimiter) => limiter.redis!.ping().then(() => true, () => false);
    await eventually(async () => (await answers(one)) && (await answers(two)));
    expect(messages.some((m) => /reachable again/.test(m))).toBe(true);

    // Back: one count for both.
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await (i % 2 === 0 ? one : two).consume('token-back'));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toMatchObject({ allowed: false });
  });
});
