import type { AdminStore, AdminWriter } from './admin-store.ts';
import { requireEnterprise } from './enterprises.ts';
import { InvalidParameterError } from './errors.ts';
import { newId } from './ids.ts';
import type { EnterpriseId, Staff, StaffId } from './model.ts';
import { validName } from './names.ts';
import { hashGeneratedPassword, hashPassword } from './passwords.ts';
import { nowUtc, type UtcSeconds } from './time.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
/** The longest email address: a forward path of RFC 5321 (4.5.3.1.3) is 256 octets with its angle brackets. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * An email address as stored and compared: trimmed and lower-cased.
 *
 * @throws InvalidParameterError `Invalid <parameter>` when it is not of the form `local@domain`.
 */
export function normalizeEmail(value: string, parameter = 'Email'): string {
  const email = value.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new InvalidParameterError(parameter, 'must be an email address.');
  }
  return email;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidParameterError(
      'Password',
      `must be between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
}

export interface StaffAddInput {
  readonly enterpriseId: EnterpriseId;
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/** A staff member checked and with the password hashed, ready to insert (`insertStaff`). */
export interface NewStaff {
  readonly staff: Staff;
  readonly passwordHash: string;
}

/**
 * Checks a new staff member and hashes the password, outside any transaction: hashing takes tens of milliseconds that
 * other writes need not wait for. `generated`: the server made the password up, and hashes it fast
 * (`hashGeneratedPassword`); a person's password is hashed slowly.
 */
export async function prepareStaff(input: StaffAddInput, now: UtcSeconds = nowUtc(), { generated = false } = {}): Promise<NewStaff> {
  const staff: Staff = {
    id: newId(),
    enterpriseId: input.enterpriseId,
    email: normalizeEmail(input.email),
    name: validName(input.name, 'Name'),
    createdUtc: now,
  };
  checkPassword(input.password);
  return { staff, passwordHash: generated ? hashGeneratedPassword(input.password) : await hashPassword(input.password) };
}

/**
 * Inserts a prepared staff member in the writer's transaction.
 *
 * @throws InvalidParameterError `Invalid Email` when another staff member already has the email (of any enterprise).
 */
export async function insertStaff(writer: AdminWriter, { staff, passwordHash }: NewStaff): Promise<void> {
  await requireEnterprise(writer, staff.enterpriseId);
  const inserted = await writer.insertStaff(staff, passwordHash);
  if (!inserted) throw new InvalidParameterError('Email', 'a staff member with this email already exists.');
}

/**
 * `staff/add`: an employee who can sign in with this email and password. The password is kept only as a slow salted
 * hash.
 *
 * @throws InvalidParameterError `Invalid Email` when another staff member already has the email (of any enterprise).
 */
export async function addStaff(store: AdminStore, input: StaffAddInput, now: UtcSeconds = nowUtc()): Promise<Staff> {
  const prepared = await prepareStaff(input, now);
  await store.administer((writer) => insertStaff(writer, prepared));
  return prepared.staff;
}

/** `staff/getAll`: staff of one enterprise, or of all; oldest first. */
export async function listStaff(store: AdminStore, enterpriseId?: EnterpriseId | null): Promise<Staff[]> {
  if (enterpriseId == null) return store.listStaff();
  await requireEnterprise(store, enterpriseId);
  return store.listStaff(enterpriseId);
}

/**
 * `staff/remove`: deletes the staff member; they can no longer sign in. Their threads become unassigned, and every
 * open inbox hears of it; their replies keep showing their name.
 *
 * @throws InvalidParameterError `Invalid StaffId` when there is no such staff member.
 */
export async function removeStaff(store: AdminStore, staffId: StaffId, now: UtcSeconds = nowUtc()): Promise<void> {
  await store.administer(async (writer) => {
    if (!(await writer.deleteStaff(staffId, now))) throw new InvalidParameterError('StaffId');
  });
}
