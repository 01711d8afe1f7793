import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES, SANDBOX_PORTFOLIO_ACCESS_TOKEN } from '../../src/store/sandbox-seed.ts';

const [first, second] = SANDBOX_APPLICATIONS;

/** Credentials of the demo integrations, as a request body's first three properties. */
export const demo = {
  /** "Are you ready to integrate with Mews?", enterprise A. */
  a: { ClientToken: first.clientToken, AccessToken: first.accessTokens[0], Client: 'Sample Client 1.0.0' },
  /** "Are you ready to integrate with Mews?", enterprise B. */
  b: { ClientToken: first.clientToken, AccessToken: first.accessTokens[1], Client: 'Sample Client 1.0.0' },
  /** "Are you ready to integrate with Mews?", portfolio token over A and B. */
  portfolio: { ClientToken: first.clientToken, AccessToken: SANDBOX_PORTFOLIO_ACCESS_TOKEN.value, Client: 'Sample Client 1.0.0' },
  /** "Connector API Test Client 2", enterprise A: another application. */
  otherApplication: { ClientToken: second.clientToken, AccessToken: second.accessTokens[0], Client: 'Other 1.0' },
} as const;

export const enterpriseA = SANDBOX_ENTERPRISES[0].id;
export const enterpriseB = SANDBOX_ENTERPRISES[1].id;
/** The demo applications' ids: the first's, and "Connector API Test Client 2"'s. */
export const demoApplicationId = first.id;
export const otherApplicationId = second.id;
