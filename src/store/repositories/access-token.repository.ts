import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccessTokenGrant } from '../../domain/tenancy.ts';
import type { Database } from '../database.ts';
import { reusableQuery } from '../reusable-query.ts';

/** The lookup key of a token: its SHA-256, hex. */
export function tokenHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

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

export async function findAccessTokenGrant(
  db: Kysely<Database>,
  value: string,
): Promise<AccessTokenGrant | undefined> {
  const { rows } = await grantRows(db, tokenHash(value));
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
