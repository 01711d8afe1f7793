import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/domain/passwords.ts';
import { expectError, ok, useAdminServer } from '../../helpers/admin.ts';
import { enterpriseA, enterpriseB } from '../../helpers/sandbox.ts';
import { SANDBOX_STAFF } from '../../../src/store/sandbox-seed.ts';

// The sandbox seeds one reception account per demo enterprise; these tests look at the staff they add.
const seededIds = new Set<string>(SANDBOX_STAFF.map((member) => member.id));
const notSeeded = (member: { Id: string }) => !seededIds.has(member.Id);

describe('admin staff', () => {
  const { server, admin } = useAdminServer();

  const storedHash = async (id: string) =>
    (await server().database.selectFrom('staff').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash;

  it('adds a staff member with a lower-cased email, never returning the password, storing only a salted hash', async () => {
    const password = 'correct horse battery staple';
    const body = { EnterpriseId: enterpriseA, Email: '  Anna.Front@Hotel.Example ', Password: password, Name: 'Anna' };
    const { Staff } = await ok(admin('staff/add', body));
    expect(Staff).toEqual({ Id: expect.any(String), Email: 'anna.front@hotel.example', Name: 'Anna', EnterpriseId: enterpriseA });
    const hash = await storedHash(Staff.Id);
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(password, hash!)).toBe(true);
    expect(await verifyPassword('wrong password', hash!)).toBe(false);
    const { StaffMembers } = await ok(admin('staff/getAll', { EnterpriseId: enterpriseA }));
    expect(StaffMembers.filter(notSeeded)).toEqual([Staff]);
    expect(JSON.stringify(StaffMembers)).not.toContain(password);
  });

  it('refuses an email that is taken, in any case and by any enterprise', async () => {
    await ok(admin('staff/add', { EnterpriseId: enterpriseA, Email: 'night@hotel.example', Password: 'password-1', Name: 'N' }));
    const duplicate = await admin('staff/add', { EnterpriseId: enterpriseB, Email: 'NIGHT@hotel.example', Password: 'password-2', Name: 'M' });
    expectError(duplicate, 400, 'Invalid Email: a staff member with this email already exists.');
    const { StaffMembers } = await ok(admin('staff/getAll', { EnterpriseId: enterpriseB }));
    expect(StaffMembers.filter(notSeeded)).toEqual([]);
  });

  it('keeps two simultaneous adds of one email from both succeeding', async () => {
    const body = { EnterpriseId: enterpriseB, Email: 'race@hotel.example', Password: 'password-1', Name: 'R' };
    const statuses = (await Promise.all([admin('staff/add', body), admin('staff/add', body)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
  });

  it('lists the staff of all enterprises, or of one', async () => {
    const { Staff } = await ok(
      admin('staff/add', { EnterpriseId: enterpriseB, Email: 'b@hotel.example', Password: 'password-b', Name: 'B' }),
    );
    const all = await ok(admin('staff/getAll', {}));
    const ofB = await ok(admin('staff/getAll', { EnterpriseId: enterpriseB }));
    expect(all.StaffMembers).toContainEqual(Staff);
    expect(ofB.StaffMembers).toContainEqual(Staff);
    expect(ofB.StaffMembers.every((s: { EnterpriseId: string }) => s.EnterpriseId === enterpriseB)).toBe(true);
    expect(all.StaffMembers.length).toBeGreaterThan(ofB.StaffMembers.length);
    expectError(await admin('staff/getAll', { EnterpriseId: crypto.randomUUID() }), 400, 'Invalid EnterpriseId');
  });

  it('removes a staff member, whose email can then be used again', async () => {
    const body = { EnterpriseId: enterpriseA, Email: 'leaving@hotel.example', Password: 'password-1', Name: 'L' };
    const { Staff } = await ok(admin('staff/add', body));
    expect(await ok(admin('staff/remove', { StaffId: Staff.Id }))).toEqual({});
    expect(await storedHash(Staff.Id)).toBeUndefined();
    const { StaffMembers } = await ok(admin('staff/getAll', {}));
    expect(StaffMembers).not.toContainEqual(Staff);
    expectError(await admin('staff/remove', { StaffId: Staff.Id }), 400, 'Invalid StaffId');
    await ok(admin('staff/add', body));
  });

  it('rejects bad input', async () => {
    const valid = { EnterpriseId: enterpriseA, Email: 'valid@hotel.example', Password: 'password-1', Name: 'V' };
    expectError(await admin('staff/add', { ...valid, EnterpriseId: crypto.randomUUID() }), 400, 'Invalid EnterpriseId');
    expectError(await admin('staff/add', { ...valid, Email: 'no-at-sign' }), 400, 'Invalid Email: must be an email address.');
    expectError(await admin('staff/add', { ...valid, Email: 'two words@x' }), 400, 'Invalid Email: must be an email address.');
    expectError(await admin('staff/add', { ...valid, Password: 'short' }), 400, /^Invalid Password: must be between 8/);
    expectError(await admin('staff/add', { ...valid, Password: undefined }), 400, 'Invalid Password: the parameter is required.');
    expectError(await admin('staff/add', { ...valid, Name: '' }), 400, /^Invalid Name/);
    expectError(await admin('staff/remove', { StaffId: crypto.randomUUID() }), 400, 'Invalid StaffId');
    expectError(await admin('staff/remove', { StaffId: 'x' }), 400, 'Invalid StaffId: must be a valid UUID.');
    const { StaffMembers } = await ok(admin('staff/getAll', {}));
    expect(StaffMembers.map((s: { Email: string }) => s.Email)).not.toContain('valid@hotel.example');
  });
});
