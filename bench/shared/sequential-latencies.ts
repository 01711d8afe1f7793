import autocannon from 'autocannon';

/**
 * The response times of `amount` POSTs of `body` to `url`, one after the other over one connection (autocannon);
 * throws unless every answer was 200.
 */
export async function sequentialLatencies(url: string, body: unknown, amount: number): Promise<number[]> {
  const latencies: number[] = [];
  const statuses = new Set<number>();
  await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: 1,
    amount,
    setupClient: (client) =>
      client.on('response', (status, _bytes, responseTime) => {
        statuses.add(status);
        latencies.push(responseTime);
      }),
  });
  if ([...statuses].some((s) => s !== 200)) throw new Error(`${url}: statuses ${[...statuses].join(', ')}`);
  return latencies;
}

/** The `p`th percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
