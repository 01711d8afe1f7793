import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/domain/passwords.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { expectOneLineError, json, record, table, useCliDatabase } from '../helpers/cli.ts';

const { cli, env } = useCliDatabase();

async function storedHash(id: string): Promise<string | undefined> {
  const db = openTestDatabase(env().DATABASE_URL!);
  try {
    return (await db.selectFrom('staff').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash;
  } finally {
    await db.destroy();
  }
}

describe('admin CLI: staff', { timeout: 600_000 }, () => {
  it('adds, lists and removes staff; the password is read from stdin or an option and never printed', async () => {
    const { Enterprise } = json(await cli(['admin', 'enterprises', 'add', '--name', 'Hotel', '--json']));
    const password = 'piped-password-4f3e2d1c';
    const piped = await cli(
      ['admin', 'staff', 'add', '--enterprise', Enterprise.Id, '--email', 'Front.Desk@Hotel.Example', '--name', 'Front desk', '--password-stdin', '--json'],
      `${password}\n`,
    );
    const { Staff } = json(piped);
    expect(Staff).toEqual({ Id: expect.any(String), Email: 'front.desk@hotel.example', Name: 'Front desk', EnterpriseId: Enterprise.Id });
    expect(piped.stdout).not.toContain(password);
    // The line break that `echo` adds is not part of the password.
    expect(await verifyPassword(password, (await storedHash(Staff.Id))!)).toBe(true);

    const night = record(
      await cli(['admin', 'staff', 'add', '--enterprise', Enterprise.Id, '--email', 'night@hotel.example', '--name', 'Night', '--password', 'night-password']),
    );
    expect(night).toEqual({ Id: expect.any(String), Email: 'night@hotel.example', Name: 'Night', EnterpriseId: Enterprise.Id });
    expect(await verifyPassword('night-password', (await storedHash(night.Id!))!)).toBe(true);

    expectOneLineError(
      await cli(['admin', 'staff', 'add', '--enterprise', Enterprise.Id, '--email', 'NIGHT@hotel.example', '--name', 'N', '--password', 'another-password']),
      'error: Invalid Email: a staff member with this email already exists.',
    );
    expectOneLineError(
      await cli(['admin', 'staff', 'add', '--enterprise', Enterprise.Id, '--email', 'x@hotel.example', '--name', 'X', '--password', 'short']),
      'error: Invalid Password: must be between 8 and 1024 characters long.',
    );
    expectOneLineError(
      await cli(['admin', 'staff', 'add', '--enterprise', Enterprise.Id, '--email', 'x@hotel.example', '--name', 'X']),
      'error: give the password with --password or --password-stdin.',
    );

    const listed = table(await cli(['admin', 'staff', 'list', '--enterprise', Enterprise.Id]));
    expect(listed[0]).toEqual(['Id', 'Email', 'Name', 'EnterpriseId']);
    expect(listed.slice(1)).toEqual(
      expect.arrayContaining([
        [Staff.Id, 'front.desk@hotel.example', 'Front desk', Enterprise.Id],
        [night.Id, 'night@hotel.example', 'Night', Enterprise.Id],
      ]),
    );
    expect(listed).toHaveLength(3);

    const removed = await cli(['admin', 'staff', 'remove', '--id', Staff.Id]);
    expect(removed).toEqual({ code: 0, stdout: 'Done.\n', stderr: '' });
    expectOneLineError(await cli(['admin', 'staff', 'remove', '--id', Staff.Id]), 'error: Invalid StaffId');
    expect(json(await cli(['admin', 'staff', 'list', '--json']))).toEqual({ StaffMembers: [{ ...night, EnterpriseId: Enterprise.Id }] });
  });
});
