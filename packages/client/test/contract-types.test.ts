import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { components, operations } from '../src/generated/contract.ts';
import type { ConnectorClient } from '../src/index.ts';

const contract = new URL('../../../contract/connector-messaging.openapi.yaml', import.meta.url);
const generated = new URL('../src/generated/contract.ts', import.meta.url);

type Body<Operation extends keyof operations> = NonNullable<operations[Operation]['requestBody']>['content']['application/json'];
type Ok<Operation extends keyof operations> = operations[Operation]['responses'][200]['content']['application/json'];
type Credentials = 'ClientToken' | 'AccessToken' | 'Client';
type Locale = { LanguageCode?: string | null; CultureCode?: string | null };
type Method<Resource extends 'messageThreads' | 'messages', Name extends 'add' | 'getAll'> = ConnectorClient[Resource][Name];

describe('the generated contract types', () => {
  it('are what openapi-typescript generates from the contract today (run `npm run generate -w @connector-messaging/client`)', async () => {
    const fresh = COMMENT_HEADER + astToString(await openapiTS(contract, { silent: true }));
    expect(readFileSync(generated, 'utf8')).toBe(fresh);
  });
});

describe('the client methods take and return the contract\'s objects', () => {
  it('messageThreads.add', () => {
    expectTypeOf<Parameters<Method<'messageThreads', 'add'>>[0]>().toEqualTypeOf<
      Omit<Body<'messageThreads_add'>, Credentials> & Locale & { EnterpriseId?: string | null }
    >();
    // The schema omits the Cursor the service returns; the client adds it, optional, and nothing else.
    expectTypeOf<Awaited<ReturnType<Method<'messageThreads', 'add'>>>>().toEqualTypeOf<
      Ok<'messageThreads_add'> & { Cursor?: string | null }
    >();
    expectTypeOf<Ok<'messageThreads_add'>['MessageThreads'][number]>().toEqualTypeOf<components['schemas']['MessageThread']>();
  });

  it('messageThreads.getAll', () => {
    expectTypeOf<Parameters<Method<'messageThreads', 'getAll'>>[0]>().toEqualTypeOf<
      Omit<Body<'messageThreads_getAll'>, Credentials> & Locale
    >();
    expectTypeOf<Awaited<ReturnType<Method<'messageThreads', 'getAll'>>>>().toEqualTypeOf<Ok<'messageThreads_getAll'>>();
  });

  it('messages.add', () => {
    expectTypeOf<Parameters<Method<'messages', 'add'>>[0]>().toEqualTypeOf<Omit<Body<'messages_add'>, Credentials> & Locale>();
    expectTypeOf<Awaited<ReturnType<Method<'messages', 'add'>>>>().toEqualTypeOf<Ok<'messages_add'>>();
  });

  it('messages.getAll', () => {
    expectTypeOf<Parameters<Method<'messages', 'getAll'>>[0]>().toEqualTypeOf<Omit<Body<'messages_getAll'>, Credentials> & Locale>();
    expectTypeOf<Awaited<ReturnType<Method<'messages', 'getAll'>>>>().toEqualTypeOf<Ok<'messages_getAll'>>();
  });

  it('iterate yields the items of getAll', () => {
    type Yielded<Iterator> = Iterator extends AsyncGenerator<infer Item> ? Item : never;
    expectTypeOf<Yielded<ReturnType<ConnectorClient['messageThreads']['iterate']>>>().toEqualTypeOf<components['schemas']['MessageThread']>();
    expectTypeOf<Yielded<ReturnType<ConnectorClient['messages']['iterate']>>>().toEqualTypeOf<components['schemas']['Message']>();
  });

  it('the credentials are not parameters', () => {
    expectTypeOf<Parameters<Method<'messageThreads', 'add'>>[0]>().not.toHaveProperty('ClientToken');
    expectTypeOf<Parameters<Method<'messages', 'getAll'>>[0]>().not.toHaveProperty('AccessToken');
  });
});
