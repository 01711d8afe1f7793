import type { Kysely } from 'kysely';
import { hashAccessToken } from '../../domain/access-token-hash.ts';
import type { AdminReader, AdminWriter } from '../../domain/admin-store.ts';
import type { AccessToken, IntegrationId } from '../../domain/model.ts';
import type { AccessTokenGrant } from '../../domain/tenancy.ts';
import type { Database } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';

/** An access token with its integration and enterprises, in one round trip (compiled once: every request runs it). */
const grantRows = reusableQuery((db: Kysely<Database>, valueHash: string) =>
  db
    .selectFrom('access_tokens as t')
    .innerJoin('integrations as i', 'i.id', 't.integration_id')
    .innerJoin('access_token_enterprises as te', 'te.access_token_id', 't.id')
    .innerJoin('enterprises as e', 'e.id', 'te.enterprise_id')
    .select([
      't.id',
      't.value',
      't.revoked_utc',
      'i.id as integration_id',
      'i.client_token',
      'i.is_enabled as integration_enabled',
      'e.id as enterprise_id',
      'e.is_enabled as enterprise_enabled',
    ])
    .where('t.value_hash', '=', valueHash),
);

/** The grant of the token whose hash is `valueHash`: the caller has hashed the token already. */
export async function findAccessTokenGrant(
  db: Kysely<Database>,
  valueHash: string,
): Promise<AccessTokenGrant | undefined> {
  const { rows } = await grantRows(db, valueHash);
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: first.id,
    value: first.value,
    isRevoked: first.revoked_utc !== null,
    integration: {
      id: first.integration_id,
      clientToken: first.client_token,
      isEnabled: first.integration_enabled === 1,
    },
    enterprises: rows.map((row) => ({ id: row.enterprise_id, isEnabled: row.enterprise_enabled === 1 })),
  };
}

/** Access tokens with their enterprises, one round trip; `where` narrows to an integration or to one token. */
async function selectAccessTokens(
  db: Kysely<Database>,
  where: { integrationId: IntegrationId } | { value: string },
): Promise<AccessToken[]> {
  const rows = await db
    .selectFrom('access_tokens as t')
    .innerJoin('access_token_enterprises as te', 'te.access_token_id', 't.id')
    .select(['t.id', 't.value', 't.integration_id', 't.created_utc', 't.revoked_utc', 'te.enterprise_id'])
    .where((eb) =>
      'value' in where ? eb('t.value_hash', '=', hashAccessToken(where.value)) : eb('t.integration_id', '=', where.integrationId),
    )
    .orderBy('t.created_utc')
    .orderBy('t.id')
    .execute();
  const tokens = new Map<string, AccessToken & { enterpriseIds: string[] }>();
  for (const row of rows) {
    const token = tokens.get(row.id);
    if (token) token.enterpriseIds.push(row.enterprise_id);
    else {
      tokens.set(row.id, {
        id: row.id,
        value: row.value,
        integrationId: row.integration_id,
        enterpriseIds: [row.enterprise_id],
        createdUtc: row.created_utc,
        revokedUtc: row.revoked_utc,
      });
    }
  }
  // Sorted here rather than in SQL, where the order of text depends on the database's collation.
  return [...tokens.values()].map((token) => ({ ...token, enterpriseIds: token.enterpriseIds.sort() }));
}

/** The administration's reads of access tokens. */
export function accessTokenRepository(db: Kysely<Database>): Pick<AdminReader, 'listAccessTokens' | 'findAccessToken'> {
  return {
    listAccessTokens(integrationId: IntegrationId): Promise<AccessToken[]> {
      return selectAccessTokens(db, { integrationId });
    },
    async findAccessToken(value: string): Promise<AccessToken | undefined> {
      const [token] = await selectAccessTokens(db, { value });
      return token;
    },
  };
}

/** The administration's writes of access tokens, inside its transaction. */
export function accessTokenWriter(db: Kysely<Database>): Pick<AdminWriter, 'insertAccessToken' | 'revokeAccessToken'> {
  return {
    async insertAccessToken(token: AccessToken): Promise<void> {
      await db
        .insertInto('access_tokens')
        .values({
          id: token.id,
          value: token.value,
          value_hash: hashAccessToken(token.value),
          integration_id: token.integrationId,
          revoked_utc: token.revokedUtc,
          created_utc: token.createdUtc,
        })
        .execute();
      await db
        .insertInto('access_token_enterprises')
        .values(token.enterpriseIds.map((enterpriseId) => ({ access_token_id: token.id, enterprise_id: enterpriseId })))
        .execute();
    },
    async revokeAccessToken(id: string, revokedUtc: number): Promise<void> {
      await db.updateTable('access_tokens').set({ revoked_utc: revokedUtc }).where('id', '=', id).execute();
    },
  };
}
