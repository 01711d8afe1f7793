import { pageThrough } from './paging.ts';
import type { Transport } from './transport.ts';
import type {
  IterateParameters,
  MessageThread,
  MessageThreadAddParameters,
  MessageThreadAddResult,
  MessageThreadFilterParameters,
  MessageThreadResult,
} from './types.ts';

/** messageThreads/add and messageThreads/getAll. */
export class MessageThreads {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Creates a thread on behalf of the customer `OriginalSender`; the result holds it in `MessageThreads[0]`. */
  add(parameters: MessageThreadAddParameters): Promise<MessageThreadAddResult> {
    return this.#transport.post('messageThreads/add', parameters);
  }

  /** One page of the threads this integration created, newest first. */
  getAll(parameters: MessageThreadFilterParameters): Promise<MessageThreadResult> {
    return this.#transport.post('messageThreads/getAll', parameters);
  }

  /** Every thread matching the filters, newest first, fetched page by page as the loop consumes them. */
  iterate(parameters: IterateParameters<MessageThreadFilterParameters>): AsyncGenerator<MessageThread, void, undefined> {
    return pageThrough(parameters, (page) => this.getAll(page), 'MessageThreads');
  }
}
