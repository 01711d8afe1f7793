import { ConnectorApiError, NetworkError, errorFromResponse } from './errors.ts';
import { isRetryable, retryDelayMs, retryOptions, type RetryOptions } from './retry-policy.ts';

export interface TransportOptions {
  /** The API's base address, e.g. `https://api.mews-demo.com` or `http://127.0.0.1:8080`. */
  platformAddress: string;
  clientToken: string;
  accessToken: string;
  /** Name and version of the calling application, sent as `Client`, e.g. `My Guest App 1.2.0`. */
  client: string;
  /** Retry behaviour; `false` for one attempt only. */
  retry?: Partial<RetryOptions> | false;
  /** The fetch implementation (default: the global `fetch` of Node 20+). */
  fetch?: typeof fetch;
  /** How long one attempt may take before it is abandoned as a network error (default 100 s). */
  timeoutMs?: number;
}

/** How requests are sent, whichever API they go to. */
export type DeliveryOptions = Pick<TransportOptions, 'retry' | 'fetch' | 'timeoutMs'>;

/** Where an API's operations are and how a request proves who sends it. */
export interface Endpoint {
  /** The address operations are appended to, ending in `/`. */
  baseUrl: string;
  /** Added to every body (the Connector API's credentials). */
  bodyFields?: object;
  /** Sent with every request (the admin API's bearer token). */
  headers?: Record<string, string>;
}

/**
 * POSTs an operation's body with the endpoint's credentials added, retrying as `RetryOptions` say, and answers the
 * parsed JSON of a `200` or throws the operation's `ConnectorApiError` (or a `NetworkError`).
 */
export class Transport {
  readonly #endpoint: Required<Endpoint>;
  readonly #retry: RetryOptions;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  /** The Connector API's operations at `platformAddress`, with its three credentials in every body. */
  static connector(options: TransportOptions): Transport {
    return new Transport(
      {
        baseUrl: `${options.platformAddress.replace(/\/+$/, '')}/api/connector/v1/`,
        bodyFields: { ClientToken: options.clientToken, AccessToken: options.accessToken, Client: options.client },
      },
      options,
    );
  }

  constructor(endpoint: Endpoint, options: DeliveryOptions = {}) {
    this.#endpoint = { bodyFields: {}, headers: {}, ...endpoint };
    this.#retry = retryOptions(options.retry);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 100_000;
  }

  /** `operation` is `{resource}/{action}`, e.g. `messageThreads/add`. */
  async post<Result>(operation: string, parameters: object): Promise<Result> {
    const body = JSON.stringify({ ...parameters, ...this.#endpoint.bodyFields });
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(operation, body);
      if (!(outcome instanceof Error)) return outcome as Result;
      const delayMs = retryDelayMs(outcome, attempt, this.#retry);
      const giveUp =
        attempt >= this.#retry.maxAttempts ||
        !isRetryable(outcome, operation, this.#retry) ||
        Date.now() - started + delayMs > this.#retry.maxElapsedMs;
      if (giveUp) throw outcome;
      this.#retry.onRetry?.({ operation, attempt, error: outcome, delayMs });
      await this.#retry.sleep(delayMs);
    }
  }

  /** One request: its parsed body, or the error it ended in (returned, so that the caller decides to retry). */
  async #attempt(operation: string, body: string): Promise<unknown> {
    // Called unbound: browsers refuse a `fetch` called as another object's method.
    const send = this.#fetch;
    let response: Response;
    let text: string;
    try {
      response = await send(this.#endpoint.baseUrl + operation, {
        method: 'POST',
        headers: { ...this.#endpoint.headers, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      return new NetworkError(`${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok) return errorFromResponse(response, text);
    try {
      return JSON.parse(text);
    } catch (error) {
      return new ConnectorApiError(response.status, `${operation}: the response is not JSON.`, response.headers.get('request-id'), error);
    }
  }
}
