import type { components, operations } from './generated/contract.ts';

/**
 * The client's public types, derived from the types generated from `contract/connector-messaging.openapi.yaml`
 * (`npm run generate`), so that they follow the contract rather than a hand-written copy of it.
 */

type Schemas = components['schemas'];

/** The operations of the contract, by their OpenAPI operationId. */
export type OperationId = keyof operations;

/** An operation's JSON request body, as the contract defines it (credentials included). */
export type ContractRequest<Operation extends OperationId> = NonNullable<
  operations[Operation]['requestBody']
>['content']['application/json'];

/** An operation's JSON `200` response body, as the contract defines it. */
export type ContractResponse<Operation extends OperationId> =
  operations[Operation]['responses'][200]['content']['application/json'];

/** What the client adds to every request body from its options. */
export type Credentials = Pick<ContractRequest<OperationId>, 'ClientToken' | 'AccessToken' | 'Client'>;

/**
 * Accepted by every operation (CONTRACT.md, "Transport"), though the operations' schemas do not list them; they take
 * effect only when both are given.
 */
export interface LocalizationParameters {
  LanguageCode?: string | null;
  CultureCode?: string | null;
}

/** An operation's parameters as callers pass them: its request body without the three credentials. */
export type OperationParameters<Operation extends OperationId> = Omit<ContractRequest<Operation>, keyof Credentials> &
  LocalizationParameters;

export type MessageThread = Schemas['MessageThread'];
export type Message = Schemas['Message'];
export type AddedMessage = Schemas['AddedMessage'];
export type Limitation = Schemas['Limitation'];
export type TimeFilterInterval = Schemas['TimeFilterInterval'];
export type ConnectorApiExceptionResult = Schemas['ConnectorApiExceptionResult'];

export type MessageThreadAddParameters = OperationParameters<'messageThreads_add'> & {
  /**
   * The enterprise the thread belongs to. Not in the contract's schema: needed with a portfolio access token whose
   * scope has several enterprises, and otherwise optional (it must then be the token's own enterprise).
   */
  EnterpriseId?: string | null;
};
export type MessageThreadFilterParameters = OperationParameters<'messageThreads_getAll'>;
export type MultipleMessageAddParameters = OperationParameters<'messages_add'>;
export type MessageFilterParameters = OperationParameters<'messages_getAll'>;

/**
 * messageThreads/add's result. The schema lists only `MessageThreads`, but the service also returns `Cursor` (the new
 * thread's `Id`, as in the reference page's example); it is typed optional because the schema does not promise it.
 */
export type MessageThreadAddResult = ContractResponse<'messageThreads_add'> & { Cursor?: string | null };
export type MessageThreadResult = ContractResponse<'messageThreads_getAll'>;
export type AddedMessageResult = ContractResponse<'messages_add'>;
export type MessageResult = ContractResponse<'messages_getAll'>;

/** A get-all operation's parameters for paging with `iterate`: `Limitation` is optional (100 items a page by default). */
export type IterateParameters<Parameters extends { Limitation: Limitation }> = Omit<Parameters, 'Limitation'> & {
  Limitation?: Partial<Limitation>;
};
