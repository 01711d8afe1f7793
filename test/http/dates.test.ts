import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../helpers/sandbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const GET_ALL = '/api/connector/v1/messageThreads/getAll';

describe('datetimes of every year the public service knows', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const filter = (StartUtc: string, EndUtc: string) =>
    server.post(GET_ALL, { ...demo.a, CreatedUtc: { StartUtc, EndUtc }, Limitation: { Count: 10 } });

  it.each([
    ['0001-01-01T00:00:00Z', '0001-02-01T00:00:00Z'],
    ['0099-12-01T00:00:00+00:00', '0099-12-31T23:59:59.9999999Z'],
    ['0048-02-29T12:00:00+01:00', '0048-03-01T00:00:00Z'],
    ['1899-12-31T23:59:59Z', '1900-01-01T00:00:00Z'],
    ['9999-12-01T00:00:00Z', '9999-12-31T23:59:59Z'],
  ])('accepts %s to %s and finds no thread there', async (start, end) => {
    const response = await filter(start, end);
    expect(response.status, response.text).toBe(200);
    expect(response.body.MessageThreads).toEqual([]);
  });

  it.each([
    ['year 0000', '0000-12-01T00:00:00Z'],
    ['a day before year 1 once the offset is applied', '0001-01-01T00:00:00+01:00'],
    ['a 29 February of a common year', '0050-02-29T00:00:00Z'],
    ['day 32', '0010-01-32T00:00:00Z'],
    ['no offset', '0010-01-01T00:00:00'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
    ['not a date', 'yesterday'],
  ])('refuses %s with 400 Invalid CreatedUtc.StartUtc', async (_case, start) => {
    const response = await filter(start, '0010-01-02T00:00:00Z');
    expect(response.status).toBe(400);
    expect(response.body.Message).toMatch(/^Invalid CreatedUtc\.StartUtc:/);
    expect(response.body.RequestId).toBe(response.headers.get('request-id'));
  });

  it('refuses an end after 9999-12-31T23:59:59Z once its offset is applied', async () => {
    const response = await filter('9999-12-31T00:00:00Z', '9999-12-31T23:59:59-01:00');
    expect(response.status).toBe(400);
    expect(response.body.Message).toMatch(/^Invalid CreatedUtc\.EndUtc:/);
  });
});
