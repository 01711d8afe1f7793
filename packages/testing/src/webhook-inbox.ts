import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhooks, type WebhookEnvelope } from '@connector-messaging/client';

/** A webhook whose signature the inbox checked with the sandbox's WebhookSecret. */
export type ReceivedWebhook =
  | { kind: 'general'; id: string; timestamp: Date; payload: WebhookEnvelope }
  /** An integration webhook: `{ Action, Data }`, as CONTRACT.md's "Integration webhooks" has it. */
  | { kind: 'integration'; id: string; timestamp: Date; payload: { Action: string; Data: Record<string, unknown> } };

export interface NextOptions {
  /** How long to wait before rejecting (default 10 s). */
  timeoutMs?: number;
}

export interface WebhookInbox {
  /** Where the sandbox's application sends its general webhooks (its WebhookUrl). */
  readonly url: string;
  /** Where it sends its integration webhooks (its IntegrationWebhookUrl). */
  readonly integrationUrl: string;
  /**
   * The first webhook not yet taken by an earlier `next` that `predicate` accepts, as soon as it has arrived; each
   * webhook is taken once, so consecutive calls see consecutive webhooks. Rejects after `timeoutMs`.
   */
  next(predicate?: (webhook: ReceivedWebhook) => boolean, options?: NextOptions): Promise<ReceivedWebhook>;
  /** Every verified webhook so far, in arrival order, taken or not (a redelivery appears again, with the same id). */
  all(): ReceivedWebhook[];
  /** Requests refused because their signature did not check out. */
  readonly rejected: number;
}

/** A predicate for `next`: a general webhook announcing the message `messageId`, or any MessageAdded one. */
export function messageAdded(messageId?: string): (webhook: ReceivedWebhook) => boolean {
  return (webhook) =>
    webhook.kind === 'general' &&
    webhook.payload.Events.some((event) => webhooks.isMessageAdded(event) && (messageId === undefined || event.Value.Id === messageId));
}

interface Waiter {
  predicate: (webhook: ReceivedWebhook) => boolean;
  resolve: (webhook: ReceivedWebhook) => void;
}

/**
 * The webhook receiver of a sandbox: an HTTP server on 127.0.0.1 that verifies each request's Standard Webhooks
 * signature (the client's `webhooks` module), answers 204, or 401 when it does not check out, and keeps what it got.
 */
export class WebhookReceiver implements WebhookInbox {
  readonly #server: Server;
  readonly #origin: string;
  readonly #received: ReceivedWebhook[] = [];
  readonly #taken = new Set<ReceivedWebhook>();
  #waiters: Waiter[] = [];
  #secret = '';
  #rejected = 0;

  private constructor(server: Server) {
    this.#server = server;
    this.#origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const webhook = this.#verify(request, Buffer.concat(chunks).toString('utf8'));
        response.writeHead(webhook ? 204 : 401).end();
        if (webhook) this.#arrived(webhook);
      });
    });
  }

  /** Listens on a free port of 127.0.0.1; `secret` is set once the sandbox that signs exists. */
  static async start(): Promise<WebhookReceiver> {
    const server = createServer({ keepAliveTimeout: 1000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new WebhookReceiver(server);
  }

  set secret(secret: string) {
    this.#secret = secret;
  }

  get url(): string {
    return `${this.#origin}/webhooks`;
  }

  get integrationUrl(): string {
    return `${this.#origin}/integration-webhooks`;
  }

  get rejected(): number {
    return this.#rejected;
  }

  all(): ReceivedWebhook[] {
    return [...this.#received];
  }

  next(predicate: (webhook: ReceivedWebhook) => boolean = () => true, { timeoutMs = 10_000 }: NextOptions = {}): Promise<ReceivedWebhook> {
    const waiting = this.#received.find((webhook) => !this.#taken.has(webhook) && predicate(webhook));
    if (waiting) {
      this.#taken.add(waiting);
      return Promise.resolve(waiting);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (webhook) => {
          clearTimeout(timer);
          resolve(webhook);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((other) => other !== waiter);
        reject(new Error(`No matching webhook within ${timeoutMs} ms (${this.#received.length} received, ${this.#taken.size} taken).`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Forgets every webhook received so far (waiting `next` calls keep waiting). */
  clear(): void {
    this.#received.length = 0;
    this.#taken.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #verify(request: IncomingMessage, body: string): ReceivedWebhook | undefined {
    try {
      if (request.url === '/integration-webhooks') {
        return { kind: 'integration', ...webhooks.verifySignature(this.#secret, body, request.headers), payload: JSON.parse(body) };
      }
      return { kind: 'general', ...webhooks.verify(this.#secret, body, request.headers) };
    } catch {
      this.#rejected++;
      return undefined;
    }
  }

  #arrived(webhook: ReceivedWebhook): void {
    this.#received.push(webhook);
    const waiter = this.#waiters.find((candidate) => candidate.predicate(webhook));
    if (!waiter) return;
    this.#waiters = this.#waiters.filter((other) => other !== waiter);
    this.#taken.add(webhook);
    waiter.resolve(webhook);
  }
}
