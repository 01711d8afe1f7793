import type { AccessTokenGrant } from '../domain/tenancy.ts';

/** Grants kept at most; past it the cache starts over, so that many distinct tokens cannot grow it without bound. */
const MAX_GRANTS = 10_000;

export interface GrantCache {
  find(accessToken: string): Promise<AccessTokenGrant | undefined>;
  /** Forgets every grant: called after each administrative commit of this process. */
  clear(): void;
}

/**
 * The grants of access tokens, looked up once and then served from memory while nothing could have changed them:
 * `clear` runs after this process's own administrative commits, and `externalChanges` tells of any commit made through
 * another connection (a CLI command, another process). Every Connector request looks up its token, and the lookup
 * joins three tables (four for a portfolio token). Unknown tokens are never kept, so a flood of wrong ones costs memory
 * nothing.
 *
 * `externalChanges` is asked once per turn of the event loop rather than once per request: asking costs about as much
 * as the rest of an authentication, and the requests of one turn were all read before or during it alike.
 */
export function grantCache(
  load: (accessToken: string) => Promise<AccessTokenGrant | undefined>,
  externalChanges: () => number,
): GrantCache {
  const grants = new Map<string, AccessTokenGrant>();
  let version = externalChanges();
  let askedThisTurn = false;
  const currentVersion = () => {
    if (!askedThisTurn) {
      askedThisTurn = true;
      setImmediate(() => (askedThisTurn = false));
      const latest = externalChanges();
      if (latest !== version) {
        grants.clear();
        version = latest;
      }
    }
    return version;
  };
  // Bumped by `clear`: a lookup that started before a clear must not keep what it read.
  let generation = 0;

  return {
    async find(accessToken) {
      const current = currentVersion();
      const cached = grants.get(accessToken);
      if (cached) return cached;
      const startedIn = generation;
      const grant = await load(accessToken);
      if (grant && startedIn === generation && currentVersion() === current) {
        if (grants.size >= MAX_GRANTS) grants.clear();
        grants.set(accessToken, grant);
      }
      return grant;
    },
    clear() {
      generation++;
      grants.clear();
    },
  };
}
