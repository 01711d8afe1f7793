import { findAddedMessage, type MessageLookupOptions } from './message-lookup.ts';
import type { MessageThreads } from './message-threads.ts';
import { pageThrough } from './paging.ts';
import type { Transport } from './transport.ts';
import type {
  AddedMessageResult,
  IterateParameters,
  Message,
  MessageFilterParameters,
  MessageResult,
  MultipleMessageAddParameters,
} from './types.ts';
import type { MessageAddedEvent } from './webhooks.ts';

/** messages/add and messages/getAll, and the lookup of a MessageAdded webhook's message. */
export class Messages {
  readonly #transport: Transport;
  readonly #threads: MessageThreads;

  constructor(transport: Transport, threads: MessageThreads) {
    this.#transport = transport;
    this.#threads = threads;
  }

  /**
   * Adds up to 1000 messages, each into a thread this integration created; each result echoes its `Identifier`.
   * See `RetryOptions.retryAmbiguousAdds` for the duplicate a retry can cause.
   */
  add(parameters: MultipleMessageAddParameters): Promise<AddedMessageResult> {
    return this.#transport.post('messages/add', parameters);
  }

  /** One page of the given threads' messages, newest first. */
  getAll(parameters: MessageFilterParameters): Promise<MessageResult> {
    return this.#transport.post('messages/getAll', parameters);
  }

  /** Every message matching the filters, newest first, fetched page by page as the loop consumes them. */
  iterate(parameters: IterateParameters<MessageFilterParameters>): AsyncGenerator<Message, void, undefined> {
    return pageThrough(parameters, (page) => this.getAll(page), 'Messages');
  }

  /**
   * The message a MessageAdded webhook event names, or null when it is not found within the lookup's time window
   * (see `MessageLookupOptions`).
   */
  fromEvent(event: MessageAddedEvent, options?: MessageLookupOptions): Promise<Message | null> {
    return findAddedMessage(this.#threads, this, event.Value.Id, options);
  }
}
