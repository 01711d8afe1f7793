// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: 'POST' | 'GET';
    headers?: Record<string, string>;
    body?: string;
    /** Requests each connection sends in turn, over and over, instead of one `body`. */
    requests?: { body?: string }[];
    connections?: number;
    pipelining?: number;
    duration?: number;
    /** A fixed number of requests instead of a duration. */
    amount?: number;
    setupClient?: (client: Client) => void;
  }
  interface Client {
    on(event: 'response', listener: (status: number, bytes: number, responseTimeMs: number) => void): void;
  }
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    max: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
