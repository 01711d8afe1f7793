import { afterEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker } from '../../../src/http/shared/circuit-breaker.ts';

describe('circuitBreaker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls the dependency while it answers', async () => {
    const breaker = circuitBreaker({ probe: async () => {} });
    expect(await breaker.call(async () => 'shared', async () => 'local')).toBe('shared');
    expect(breaker.closed).toBe(true);
    breaker.dispose();
  });

  it('opens on the first failure, answers from the fallback without calling the dependency, and closes once a probe succeeds', async () => {
    vi.useFakeTimers();
    let answering = false;
    const probe = vi.fn(async () => {
      if (!answering) throw new Error('no answer');
    });
    const opened = vi.fn();
    const closed = vi.fn();
    const breaker = circuitBreaker({ probe, probeIntervalMs: 1000, onOpen: opened, onClose: closed });
    const work = vi.fn(async () => {
      if (!answering) throw new Error('timeout');
      return 'shared';
    });

    expect(await breaker.call(work, async () => 'local')).toBe('local');
    expect(opened).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) expect(await breaker.call(work, async () => 'local')).toBe('local');
    // Only the call that met the failure reached the dependency; no request runs a probe either.
    expect(work).toHaveBeenCalledTimes(1);
    expect(probe).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1000);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(breaker.closed).toBe(false);

    answering = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(breaker.closed).toBe(true);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(await breaker.call(work, async () => 'local')).toBe('shared');
    expect(opened).toHaveBeenCalledTimes(1);
    breaker.dispose();
  });

  it('opens once for a failure seen elsewhere, however often it is told', () => {
    const opened = vi.fn();
    const breaker = circuitBreaker({ probe: () => new Promise(() => {}), onOpen: opened });
    breaker.open(new Error('connection lost'));
    breaker.open(new Error('connection lost'));
    expect(breaker.closed).toBe(false);
    expect(opened).toHaveBeenCalledTimes(1);
    breaker.dispose();
  });
});
