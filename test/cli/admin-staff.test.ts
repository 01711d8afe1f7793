import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/domain/passwords.ts';
import { openStore } from '../../src/store/store.ts';
import { expectOneLineError, json, record, runCli, table } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/server.ts';

let database: TestDatabase;
let env: Record<string, string>;
const cli = (args: string[], input?: string) => runCli(args, env, input);

async function storedHash(id: string): Promise<string | undefined> {
  const store = openStore({ url: env.DATABASE_URL! });
  try {
    return (await store.db.selectFrom('staff').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash;
  } finally {
    await store.close();
  }
}

describe('admin CLI: staff', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // Production mode: the CLI must work on a database no server has ever seeded or migrated.
    env = { ...database.env, MODE: 'production' };
  });
  afterAll(() => database.drop());

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
