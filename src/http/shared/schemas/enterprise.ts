import { Type, type Static } from 'typebox';
import type { Enterprise as DomainEnterprise } from '../../../domain/model.ts';
import { Uuid } from './primitives.ts';

/** An enterprise as the admin API and the CLI's `--json` show it: its schema and its one mapping from the domain. */
export const Enterprise = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the enterprise.' },
  Name: Type.String(),
  IsEnabled: Type.Boolean(),
});
export type Enterprise = Static<typeof Enterprise>;

export function toEnterpriseDto(enterprise: DomainEnterprise): Enterprise {
  return { Id: enterprise.id, Name: enterprise.name, IsEnabled: enterprise.isEnabled };
}
