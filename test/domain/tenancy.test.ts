import { describe, expect, it } from 'vitest';
import { InvalidParameterError, UnauthorizedError } from '../../src/domain/errors.ts';
import type { AccessScope } from '../../src/domain/model.ts';
import type { StaffMember } from '../../src/domain/staff-sessions.ts';
import {
  authorize,
  authorizeStaff,
  connectorVisibility,
  narrowEnterpriseIds,
  resolveEnterpriseId,
  staffMayAct,
  staffVisibility,
  type AccessTokenGrant,
  type StaffSessionGrant,
} from '../../src/domain/tenancy.ts';

/**
 * The rules of who sees what, without a database: one valid fixture each, and one change per test (as Standard
 * Webhooks tests its signatures), so that each rule is seen to decide on its own.
 */

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const APPLICATION = 'dddddddd-0000-4000-8000-000000000004';

const grant: AccessTokenGrant = {
  id: 'token-1',
  value: 'ACCESS-TOKEN',
  isRevoked: false,
  application: { id: APPLICATION, clientToken: 'CLIENT-TOKEN', isEnabled: true },
  sandboxId: null,
  sandboxHasFaults: false,
  enterprises: [
    { id: A, isEnabled: true, integrationState: 'Enabled' },
    { id: B, isEnabled: true, integrationState: 'Enabled' },
  ],
};
const credentials = { clientToken: 'CLIENT-TOKEN', accessToken: 'ACCESS-TOKEN' };

function expectUnauthorized(run: () => unknown, message: RegExp) {
  expect(run).toThrow(UnauthorizedError);
  expect(run).toThrow(message);
}

function expectInvalid(run: () => unknown, parameter: string) {
  expect(run).toThrow(InvalidParameterError);
  expect(run).toThrow(`Invalid ${parameter}`);
}

describe('authorize: an access token grant', () => {
  it('gives the application and every enterprise of the token', () => {
    expect(authorize(grant, credentials)).toEqual({ accessTokenId: 'token-1', applicationId: APPLICATION, enterpriseIds: [A, B] });
  });

  it('refuses no grant, another access token, another ClientToken or a revoked token with one message', () => {
    const invalid = /^Invalid ClientToken or AccessToken\.$/;
    expectUnauthorized(() => authorize(undefined, credentials), invalid);
    expectUnauthorized(() => authorize(grant, { ...credentials, accessToken: 'ACCESS-TOKEM' }), invalid);
    expectUnauthorized(() => authorize(grant, { ...credentials, clientToken: 'CLIENT-TOKEM' }), invalid);
    expectUnauthorized(() => authorize({ ...grant, isRevoked: true }, credentials), invalid);
  });

  it('refuses a disabled application', () => {
    const disabled = { ...grant, application: { ...grant.application, isEnabled: false } };
    expectUnauthorized(() => authorize(disabled, credentials), /application is disabled/);
  });

  it('leaves a disabled enterprise out of the scope', () => {
    const partly = { ...grant, enterprises: [{ ...grant.enterprises[0]!, isEnabled: false }, grant.enterprises[1]!] };
    expect(authorize(partly, credentials).enterpriseIds).toEqual([B]);
  });

  it('leaves out an enterprise whose integration is disabled, canceled or missing', () => {
    for (const integrationState of ['Disabled', 'Canceled', null] as const) {
      const partly = { ...grant, enterprises: [{ ...grant.enterprises[0]!, integrationState }, grant.enterprises[1]!] };
      expect(authorize(partly, credentials).enterpriseIds).toEqual([B]);
    }
  });

  it('refuses a token none of whose integrations is enabled', () => {
    const none = { ...grant, enterprises: grant.enterprises.map((e) => ({ ...e, integrationState: 'Canceled' as const })) };
    expectUnauthorized(() => authorize(none, credentials), /integration is disabled or canceled/);
  });

  it('refuses a token whose every enterprise is disabled', () => {
    const none = { ...grant, enterprises: grant.enterprises.map((e) => ({ ...e, isEnabled: false })) };
    expectUnauthorized(() => authorize(none, credentials), /enterprise is disabled/);
  });
});

const staff: StaffMember = { id: 'staff-1', enterpriseId: A, enterpriseName: 'A', email: 'a@example.com', name: 'Ann' };
const NOW = 1_800_000_000;
const session: StaffSessionGrant = { staff, expiresUtc: NOW + 60, enterpriseIsEnabled: true };

describe('authorizeStaff: a staff session', () => {
  it('lets its staff member act until it expires', () => {
    expect(authorizeStaff(session, NOW)).toBe(staff);
    expect(authorizeStaff(session, NOW + 59)).toBe(staff);
  });

  it('refuses no session, an expired one (from its expiry on) and one of a disabled enterprise with one message', () => {
    const invalid = /^Invalid or expired session; sign in again\.$/;
    expectUnauthorized(() => authorizeStaff(undefined, NOW), invalid);
    expectUnauthorized(() => authorizeStaff(session, NOW + 60), invalid);
    expectUnauthorized(() => authorizeStaff(session, NOW + 61), invalid);
    expectUnauthorized(() => authorizeStaff({ ...session, enterpriseIsEnabled: false }, NOW), invalid);
  });
});

describe('staffMayAct: signing in', () => {
  it('only for an enabled enterprise', () => {
    expect(staffMayAct({ enterpriseIsEnabled: true })).toBe(true);
    expect(staffMayAct({ enterpriseIsEnabled: false })).toBe(false);
  });
});

const portfolio: AccessScope = { accessTokenId: 'token-1', applicationId: APPLICATION, enterpriseIds: [A, B] };
const single: AccessScope = { ...portfolio, enterpriseIds: [A] };

describe('connectorVisibility: what an application sees', () => {
  it("is its own threads in every enterprise of the scope when none is named", () => {
    expect(connectorVisibility(portfolio)).toEqual({ applicationId: APPLICATION, enterpriseIds: [A, B] });
    expect(connectorVisibility(portfolio, null)).toEqual({ applicationId: APPLICATION, enterpriseIds: [A, B] });
  });

  it('is narrowed to the named enterprises of the scope, each once', () => {
    expect(connectorVisibility(portfolio, [B, B])).toEqual({ applicationId: APPLICATION, enterpriseIds: [B] });
  });

  it('refuses an enterprise outside the scope, even beside one inside it', () => {
    expectInvalid(() => connectorVisibility(single, [B]), 'EnterpriseIds');
    expectInvalid(() => connectorVisibility(portfolio, [A, C]), 'EnterpriseIds');
  });
});

describe('staffVisibility: what a staff member sees', () => {
  it("is every thread of their enterprise, of whichever application", () => {
    const visibility = staffVisibility(staff);
    expect(visibility).toEqual({ enterpriseIds: [A] });
    expect(visibility.applicationId).toBeUndefined();
  });
});

describe('resolveEnterpriseId: where a new thread goes', () => {
  it("is the single enterprise's, implied or named", () => {
    expect(resolveEnterpriseId(single, null)).toBe(A);
    expect(resolveEnterpriseId(single, undefined)).toBe(A);
    expect(resolveEnterpriseId(single, A)).toBe(A);
  });

  it('must be named with a portfolio token, and within the scope', () => {
    expect(() => resolveEnterpriseId(portfolio, null)).toThrow(/required with a portfolio access token/);
    expect(resolveEnterpriseId(portfolio, B)).toBe(B);
    expectInvalid(() => resolveEnterpriseId(single, B), 'EnterpriseId');
  });
});

describe('narrowEnterpriseIds', () => {
  it('is the scope without a request, the requested ones within it otherwise', () => {
    expect(narrowEnterpriseIds(portfolio, undefined)).toEqual([A, B]);
    expect(narrowEnterpriseIds(portfolio, [A])).toEqual([A]);
    expectInvalid(() => narrowEnterpriseIds(single, [A, B]), 'EnterpriseIds');
  });
});
