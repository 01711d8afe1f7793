import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './address-guard.ts';

/** 307 and 308 are followed, with the same method and body, at most this many times. */
export const MAX_REDIRECTS = 5;

export interface WebhookRequestOptions {
  /** Each hop must answer within this time. */
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  /** Keep-alive agents, so that a busy receiver is not paying a new connection per request. */
  readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
}

export interface WebhookResponse {
  /** The final answer's status; null when none came (see `error`). */
  readonly statusCode: number | null;
  readonly error: string | null;
  /** The URL that gave the final answer (or failed), without query string, fragment or credentials. */
  readonly url: string;
}

/** A URL as it may be stored and logged: secrets that operators put in its query string or user info stay out. */
export function withoutSecrets(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** What an attempt that got no answer in time records. */
export function timeoutError(timeoutMs: number): string {
  return `no answer within ${timeoutMs} ms`;
}

/**
 * POSTs a webhook body, following 307/308 redirects with the same method, headers and body. Never throws: network
 * failures, timeouts and refused addresses come back as `error`.
 */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: WebhookRequestOptions,
): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { statusCode: null, error: 'not a valid URL', url: '(invalid URL)' };
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { statusCode: null, error: `${url.protocol} is not http or https`, url: withoutSecrets(url) };
    }
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && isIP(literal) !== 0 && isPrivateAddress(literal)) {
      return { statusCode: null, error: new PrivateAddressError(literal).message, url: withoutSecrets(url) };
    }
    let answer: { statusCode: number; location: string | undefined };
    try {
      answer = await postOnce(url, body, headers, options);
    } catch (error) {
      return { statusCode: null, error: (error as Error).message, url: withoutSecrets(url) };
    }
    const redirected = answer.statusCode === 307 || answer.statusCode === 308;
    if (!redirected) return { statusCode: answer.statusCode, error: null, url: withoutSecrets(url) };
    if (!answer.location) return { statusCode: answer.statusCode, error: 'redirect without a Location', url: withoutSecrets(url) };
    if (hop === MAX_REDIRECTS) return { statusCode: answer.statusCode, error: `more than ${MAX_REDIRECTS} redirects`, url: withoutSecrets(url) };
    try {
      url = new URL(answer.location, url);
    } catch {
      return { statusCode: answer.statusCode, error: 'redirect to an invalid URL', url: withoutSecrets(url) };
    }
  }
}

function postOnce(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: WebhookRequestOptions,
): Promise<{ statusCode: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? options.agents.https : options.agents.http,
      ...(!options.allowPrivate && { lookup: publicOnlyLookup }),
    });
    const timer = setTimeout(
      () => request.destroy(new Error(timeoutError(options.timeoutMs))),
      options.timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      // The answer is its status; the body is read and dropped so that the connection can serve the next request.
      response.resume();
      response.on('end', () => clearTimeout(timer));
      response.on('error', () => clearTimeout(timer));
      resolve({ statusCode: response.statusCode ?? 0, location: response.headers.location });
    });
    request.end(body);
  });
}
