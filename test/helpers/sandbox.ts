import { SANDBOX_ENTERPRISES, SANDBOX_INTEGRATIONS } from '../../src/store/sandbox-seed.ts';

const [first, second] = SANDBOX_INTEGRATIONS;

/** Credentials of the demo integrations, as a request body's first three properties. */
export const demo = {
  /** "Are you ready to integrate", enterprise A. */
  a: { ClientToken: first.clientToken, AccessToken: first.accessTokens[0].value, Client: 'Sample Client 1.0.0' },
  /** "Are you ready to integrate", enterprise B. */
  b: { ClientToken: first.clientToken, AccessToken: first.accessTokens[1].value, Client: 'Sample Client 1.0.0' },
  /** "Are you ready to integrate", portfolio token over A and B. */
  portfolio: { ClientToken: first.clientToken, AccessToken: first.accessTokens[2].value, Client: 'Sample Client 1.0.0' },
  /** "Test Client 2", enterprise A: another integration. */
  otherIntegration: { ClientToken: second.clientToken, AccessToken: second.accessTokens[0].value, Client: 'Other 1.0' },
} as const;

export const enterpriseA = SANDBOX_ENTERPRISES[0].id;
export const enterpriseB = SANDBOX_ENTERPRISES[1].id;
