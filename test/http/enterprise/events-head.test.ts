import { describe, expect, it } from 'vitest';
import { rawExchange, rawRequest } from '../../helpers/raw-http.ts';
import { ENTERPRISE, useSignedInServer } from './staff-client.ts';

describe('enterprise API: HEAD on the live events', () => {
  const { server, a } = useSignedInServer();

  it("answers at once with the stream's headers and no body, and ends the response", async () => {
    // Two requests on one connection: the second is answered only once the first response has ended, and read as
    // the second only if the first had no body.
    const requests = [
      rawRequest('HEAD', `${ENTERPRISE}/events`, { Authorization: `Bearer ${a().token}` }),
      rawRequest('HEAD', '/health', { Connection: 'close' }),
    ];
    const { responses } = await rawExchange(server().url, requests, { head: true, expect: 2 });
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const [events] = responses;
    expect(events!.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events!.headers.get('request-id')).toBeTruthy();
    // A GET's stream has no length, so HEAD states none either (RFC 9110, 9.3.2).
    expect(events!.headers.has('content-length')).toBe(false);
  });

  it('is authenticated like GET', async () => {
    const response = await fetch(`${server().url}${ENTERPRISE}/events`, { method: 'HEAD' });
    expect(response.status).toBe(401);
    expect(response.headers.get('request-id')).toBeTruthy();
  });
});
