import { sql, type Kysely } from 'kysely';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { ApplicationId, IntegrationState, PortfolioAccessToken, PortfolioAccessTokenId } from '../../domain/model.ts';
import type { AccessTokenGrant } from '../../domain/tenancy.ts';
import type { Database } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';
import { SANDBOX_CONTEXT_COLUMNS, toSandboxContext } from './sandbox-clock.repository.ts';

/** A literal, not a parameter: a reusable query takes every parameter from its placeholders. */
const REMOVED = sql.lit<IntegrationState | 'Deleted'>('Deleted');

/** Whether the application's sandbox has faults: looked at only for an application of a sandbox (CASE is lazy). */
const sandboxHasFaults = sql<number | boolean>`case when a.sandbox_id is null then false else exists (select 1 from faults f where f.sandbox_id = a.sandbox_id) end`.as('sandbox_has_faults');

/** An integration's token with its application and enterprise, in one round trip (compiled once: most requests run it). */
const integrationGrantRow = reusableQuery((db: Kysely<Database>, valueHash: string) =>
  db
    .selectFrom('integrations as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('enterprises as e', 'e.id', 'i.enterprise_id')
    // The sandbox's clock rides on the grant: no round trip of its own.
    .leftJoin('sandboxes as sb', 'sb.id', 'a.sandbox_id')
    .select(SANDBOX_CONTEXT_COLUMNS)
    .select([
      'i.id',
      'i.access_token as value',
      'i.state',
      'a.id as application_id',
      'a.client_token',
      'a.is_enabled as application_enabled',
      'a.sandbox_id',
      sandboxHasFaults,
      'e.id as enterprise_id',
      'e.is_enabled as enterprise_enabled',
    ])
    .where('i.access_token_hash', '=', valueHash)
    .where('i.state', '!=', REMOVED),
);

/** A portfolio token with its application, its enterprises and the application's integration with each. */
const portfolioGrantRows = reusableQuery((db: Kysely<Database>, valueHash: string) =>
  db
    .selectFrom('access_tokens as t')
    .innerJoin('applications as a', 'a.id', 't.application_id')
    .innerJoin('access_token_enterprises as te', 'te.access_token_id', 't.id')
    .innerJoin('enterprises as e', 'e.id', 'te.enterprise_id')
    .leftJoin('integrations as i', (join) =>
      join
        .onRef('i.application_id', '=', 't.application_id')
        .onRef('i.enterprise_id', '=', 'te.enterprise_id')
        .on('i.state', '!=', REMOVED),
    )
    .leftJoin('sandboxes as sb', 'sb.id', 'a.sandbox_id')
    .select(SANDBOX_CONTEXT_COLUMNS)
    .select([
      't.id',
      't.value',
      't.revoked_utc',
      'i.state',
      'a.id as application_id',
      'a.client_token',
      'a.is_enabled as application_enabled',
      'a.sandbox_id',
      sandboxHasFaults,
      'e.id as enterprise_id',
      'e.is_enabled as enterprise_enabled',
    ])
    .where('t.value_hash', '=', valueHash),
);

/**
 * The grant of the token whose hash is `valueHash` (the caller has hashed the token already): an integration's, or
 * else a portfolio token's.
 */
export async function findAccessTokenGrant(db: Kysely<Database>, valueHash: string): Promise<AccessTokenGrant | undefined> {
  const {
    rows: [integration],
  } = await integrationGrantRow(db, valueHash);
  const { rows } = integration ? { rows: [{ ...integration, revoked_utc: null }] } : await portfolioGrantRows(db, valueHash);
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: first.id,
    value: first.value,
    isRevoked: first.revoked_utc !== null,
    application: { id: first.application_id, clientToken: first.client_token, isEnabled: first.application_enabled === 1 },
    sandboxId: first.sandbox_id,
    // 0/1 on SQLite, a boolean on PostgreSQL.
    sandboxHasFaults: Boolean(Number(first.sandbox_has_faults)),
    sandbox: toSandboxContext(first),
    enterprises: rows.map((row) => ({ id: row.enterprise_id, isEnabled: row.enterprise_enabled === 1, integrationState: row.state as IntegrationState | null })),
  };
}

/** Portfolio tokens with their enterprises, one round trip; `where` narrows to an application or to one token. */
async function selectPortfolioAccessTokens(
  db: Kysely<Database>,
  where: { applicationId: ApplicationId } | { id: PortfolioAccessTokenId },
): Promise<PortfolioAccessToken[]> {
  const rows = await db
    .selectFrom('access_tokens as t')
    .innerJoin('access_token_enterprises as te', 'te.access_token_id', 't.id')
    .select(['t.id', 't.value', 't.application_id', 't.created_utc', 't.revoked_utc', 'te.enterprise_id'])
    .where((eb) => ('id' in where ? eb('t.id', '=', where.id) : eb('t.application_id', '=', where.applicationId)))
    .orderBy('t.created_utc')
    .orderBy('t.id')
    .execute();
  const tokens = new Map<string, PortfolioAccessToken & { enterpriseIds: string[] }>();
  for (const row of rows) {
    const token = tokens.get(row.id);
    if (token) token.enterpriseIds.push(row.enterprise_id);
    else {
      tokens.set(row.id, {
        id: row.id,
        value: row.value,
        applicationId: row.application_id,
        enterpriseIds: [row.enterprise_id],
        createdUtc: row.created_utc,
        revokedUtc: row.revoked_utc,
      });
    }
  }
  // Sorted here rather than in SQL, where the order of text depends on the database's collation.
  return [...tokens.values()].map((token) => ({ ...token, enterpriseIds: token.enterpriseIds.sort() }));
}

/** The administration's reads of portfolio access tokens. */
export function portfolioAccessTokenRepository(
  db: Kysely<Database>,
): Pick<AdminReader, 'listPortfolioAccessTokens' | 'findPortfolioAccessToken'> {
  return {
    listPortfolioAccessTokens: (applicationId) => selectPortfolioAccessTokens(db, { applicationId }),
    async findPortfolioAccessToken(id) {
      const [token] = await selectPortfolioAccessTokens(db, { id });
      return token;
    },
  };
}

/** The administration's writes of portfolio access tokens, inside its transaction. */
export function portfolioAccessTokenWriter(
  db: Kysely<Database>,
): Pick<AdminWriter, 'insertPortfolioAccessToken' | 'revokePortfolioAccessToken'> {
  return {
    async insertPortfolioAccessToken(token: PortfolioAccessToken): Promise<void> {
      await db
        .insertInto('access_tokens')
        .values({
          id: token.id,
          value: token.value,
          value_hash: hashAccessToken(token.value),
          application_id: token.applicationId,
          revoked_utc: token.revokedUtc,
          created_utc: token.createdUtc,
        })
        .execute();
      await db
        .insertInto('access_token_enterprises')
        .values(token.enterpriseIds.map((enterpriseId) => ({ access_token_id: token.id, enterprise_id: enterpriseId })))
        .execute();
    },
    async revokePortfolioAccessToken(id, revokedUtc): Promise<void> {
      await db.updateTable('access_tokens').set({ revoked_utc: revokedUtc }).where('id', '=', id).execute();
    },
  };
}
