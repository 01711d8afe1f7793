import { adminClient } from '../../helpers/admin.ts';
import type { TestServer } from '../../helpers/server.ts';
import { signIn, type SignedIn } from './staff-client.ts';

/** A new staff member of `enterpriseId`, added through the admin API and signed in. */
export async function addColleague(server: TestServer, enterpriseId: string, name: string): Promise<SignedIn & { id: string; name: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${crypto.randomUUID().slice(0, 8)}@hotel.example`;
  const added = await adminClient(server)('staff/add', { EnterpriseId: enterpriseId, Email: email, Password: 'colleague-password', Name: name });
  if (added.status !== 200) throw new Error(`staff/add failed: ${added.status} ${added.text}`);
  return { ...(await signIn(server, email, 'colleague-password')), id: added.body.Staff.Id, name };
}
