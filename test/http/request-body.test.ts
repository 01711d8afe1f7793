import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesContract } from '../helpers/contract.ts';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type JsonResponse, type TestServer } from '../helpers/server.ts';

const ADD = '/api/connector/v1/messageThreads/add';
const validBody = { ...demo.a, OriginalSender: 'Guest', Subject: 'Hello' };

function expectError(response: JsonResponse, status: number, message: string | RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(response.body).sort()).toEqual(['Details', 'Message', 'RequestId']);
  expect(response.body.Message).toMatch(message);
  expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  expect(response.body.Details).toBeNull();
}

describe('request bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  describe('content type', () => {
    it.each([
      ['text/plain', JSON.stringify(validBody)],
      ['application/x-www-form-urlencoded', 'ClientToken=x&AccessToken=y'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'],
      ['application/xml', '<a/>'],
    ])('answers 415 with the error body to %s', async (contentType, body) => {
      const response = await server.post(ADD, body, { 'content-type': contentType });
      expectError(response, 415, /application\/json/);
    });

    it('answers 415 to a body without a content type', async () => {
      const response = await fetch(new URL(ADD, server.url), { method: 'POST', body: new Blob([JSON.stringify(validBody)]) });
      expect(response.status).toBe(415);
      const body = (await response.json()) as any;
      expect(body.RequestId).toBe(response.headers.get('request-id'));
    });

    it('accepts application/json with a charset', async () => {
      const response = await server.post(ADD, validBody, { 'content-type': 'application/json; charset=utf-8' });
      expect(response.status).toBe(200);
    });
  });

  describe('strict JSON', () => {
    it.each([
      ['a trailing comma', `${JSON.stringify(validBody).slice(0, -1)},}`],
      ['a missing brace', JSON.stringify(validBody).slice(0, -1)],
      ['single quotes', "{'ClientToken': 'x'}"],
      ['a comment', `{/* c */${JSON.stringify(validBody).slice(1)}`],
      ['nothing', ''],
      ['a bare word', 'hello'],
    ])('answers 400 Invalid JSON to %s', async (_case, raw) => {
      const response = await server.post(ADD, raw);
      expectError(response, 400, /^Invalid JSON$/);
    });
  });

  describe('valid JSON that is not an object', () => {
    it.each([['an array', '[]'], ['a string', '"text"'], ['a number', '42'], ['null', 'null'], ['true', 'true']])(
      'answers 400 to %s',
      async (_case, raw) => {
        const response = await server.post(ADD, raw);
        expectError(response, 400, /^Invalid /);
        expect(response.body.Message).not.toBe('Invalid JSON');
      },
    );
  });

  describe('required parameters', () => {
    for (const parameter of ['ClientToken', 'AccessToken', 'Client', 'OriginalSender', 'Subject'] as const) {
      it(`names ${parameter} when it is missing`, async () => {
        const { [parameter]: _omitted, ...body } = validBody;
        expectError(await server.post(ADD, body), 400, new RegExp(`^Invalid ${parameter}\\b`));
      });

      it(`names ${parameter} when it is empty`, async () => {
        expectError(await server.post(ADD, { ...validBody, [parameter]: '' }), 400, new RegExp(`^Invalid ${parameter}\\b`));
      });

      it.each([[42], [true], [null], [{}], [['x']]])(`names ${parameter} when it is %j`, async (value) => {
        expectError(await server.post(ADD, { ...validBody, [parameter]: value }), 400, new RegExp(`^Invalid ${parameter}\\b`));
      });
    }

    it.each([['not-a-uuid'], [42], [{}]])('names EnterpriseId when it is %j', async (value) => {
      expectError(await server.post(ADD, { ...validBody, EnterpriseId: value }), 400, /^Invalid EnterpriseId\b/);
    });

    it.each([[42], [true], [{}]])('names LanguageCode when it is %j', async (value) => {
      expectError(
        await server.post(ADD, { ...validBody, LanguageCode: value, CultureCode: 'en-US' }),
        400,
        /^Invalid LanguageCode\b/,
      );
    });

    it('does not coerce a number into a string', async () => {
      expectError(await server.post(ADD, { ...validBody, Subject: 12 }), 400, /^Invalid Subject\b/);
    });
  });

  describe('unknown properties', () => {
    it('ignores them at the top level and inside nested values, and stores only what it reads', async () => {
      const response = await server.post(ADD, {
        ...validBody,
        Unknown: 1,
        Nested: { Deeper: [{ ClientToken: 'x', AccessToken: 'y', Anything: null }] },
        LanguageCode: 'en',
        CultureCode: 'en-US',
      });
      expect(response.status).toBe(200);
      assertMatchesContract('MessageThreadResult', response.body);
      expect(response.body.MessageThreads[0]).not.toHaveProperty('Unknown');
    });

    it('accepts explicit nulls for optional parameters', async () => {
      const response = await server.post(ADD, { ...validBody, EnterpriseId: null, LanguageCode: null, CultureCode: null });
      expect(response.status).toBe(200);
    });
  });
});
