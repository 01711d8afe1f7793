import { describe, expect, it } from 'vitest';
import { maskSecret, maskSecrets } from '../../src/domain/request-journal.ts';

describe('maskSecrets', () => {
  it('keeps the last 4 characters of a secret, fewer of a short one', () => {
    expect(maskSecret('C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D')).toBe('••••453D');
    expect(maskSecret('abcdefgh')).toBe('••••gh');
    expect(maskSecret('ab')).toBe('••••');
    expect(maskSecret(12345678901234)).toBe('••••1234');
  });

  it('masks ClientToken, AccessToken and keys naming a token, secret or password at any depth, and nothing else', () => {
    const body = {
      ClientToken: 'client-token-1234',
      AccessToken: 'access-token-5678',
      Client: 'App 1.0',
      Nested: [{ WebhookSecret: 'whsec_abcdefghijkl', Text: 'my password is in the text, not a key' }, { password: 'hunter2hunter2' }],
      SessionToken: null,
    };
    expect(maskSecrets(body)).toEqual({
      ClientToken: '••••1234',
      AccessToken: '••••5678',
      Client: 'App 1.0',
      Nested: [{ WebhookSecret: '••••ijkl', Text: 'my password is in the text, not a key' }, { password: '••••ter2' }],
      SessionToken: null,
    });
    expect(body.ClientToken).toBe('client-token-1234');
  });
});
