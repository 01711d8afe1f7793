import { Type, type Static } from 'typebox';
import type { Staff as DomainStaff } from '../../../domain/model.ts';
import { Uuid } from './primitives.ts';

/**
 * A staff member as the admin API and the CLI's `--json` show it: its schema and its one mapping from the domain.
 * (The enterprise API shows the signed-in staff member in a shape of its own.)
 */
export const Staff = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the staff member.' },
  Email: Type.String({ description: 'Lower-cased; unique across all enterprises.' }),
  Name: Type.String(),
  EnterpriseId: Uuid,
});
export type Staff = Static<typeof Staff>;

export function toStaffDto(staff: DomainStaff): Staff {
  return { Id: staff.id, Email: staff.email, Name: staff.name, EnterpriseId: staff.enterpriseId };
}
