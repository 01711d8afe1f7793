import { adminClient } from '../../helpers/admin.ts';
import type { TestServer } from '../../helpers/server.ts';
import { signIn, type SignedIn } from './staff-client.ts';

export interface Colleague extends SignedIn {
  readonly id: string;
  readonly name: string;
  /** What signs them in, in the inbox's form too. */
  readonly email: string;
  readonly password: string;
}

/** A new staff member of `enterpriseId`, added through the admin API as an operator would, and signed in. */
export async function addColleague(server: TestServer, enterpriseId: string, name: string): Promise<Colleague> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${crypto.randomUUID().slice(0, 8)}@hotel.example`;
  const password = 'colleague-password';
  const added = await adminClient(server)('staff/add', { EnterpriseId: enterpriseId, Email: email, Password: password, Name: name });
  if (added.status !== 200) throw new Error(`staff/add failed: ${added.status} ${added.text}`);
  return { ...(await signIn(server, email, password)), id: added.body.Staff.Id, name, email, password };
}
