import { describe, expect, it } from 'vitest';
import { ENTERPRISE, useSignedInServer } from './staff-client.ts';

describe('enterprise API: HEAD on the live events', () => {
  const { server, a } = useSignedInServer();

  it('answers at once with the stream\'s headers and no body', async () => {
    const response = await fetch(`${server().url}${ENTERPRISE}/events`, { method: 'HEAD', headers: { authorization: `Bearer ${a().token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('request-id')).toBeTruthy();
    // The response ends: a stream left open would never resolve this.
    expect(await response.text()).toBe('');
  });

  it('is authenticated like GET', async () => {
    const response = await fetch(`${server().url}${ENTERPRISE}/events`, { method: 'HEAD' });
    expect(response.status).toBe(401);
    expect(response.headers.get('request-id')).toBeTruthy();
  });
});
