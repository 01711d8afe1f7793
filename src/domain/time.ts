import { InvalidParameterError } from './errors.ts';

/**
 * Instants are whole seconds since the Unix epoch: the precision the wire shows (`YYYY-MM-DDThh:mm:ssZ`), so that a
 * `CreatedUtc` read from a response and used as a filter finds that very item (CONTRACT.md, "Datetimes and intervals").
 */
export type UtcSeconds = number;

/** Now, truncated to the whole second that responses will show. */
export function nowUtc(clock: () => number = Date.now): UtcSeconds {
  return Math.floor(clock() / 1000);
}

// The last instant formatted, and its form: a response formats the current second, usually more than once.
let lastFormatted: { seconds: UtcSeconds; text: string } = { seconds: 0, text: '1970-01-01T00:00:00Z' };

/** The contract's wire form: `2022-03-07T16:09:45Z`. */
export function formatUtc(seconds: UtcSeconds): string {
  if (seconds !== lastFormatted.seconds) {
    lastFormatted = { seconds, text: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
  return lastFormatted.text;
}

// ISO 8601 extended date-time with a mandatory offset; fractions of any length (clients send .117000).
const ISO_DATETIME_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `Date.UTC` for every year: Date.UTC itself reads the years 0 to 99 as 1900 to 1999. */
function utcDate(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

/** The instants the public service can represent (.NET's DateTime): 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
const EARLIEST_UTC = utcDate(1, 0, 1).getTime() / 1000;
export const LATEST_UTC = utcDate(9999, 11, 31, 23, 59, 59).getTime() / 1000;

/**
 * Parses a request datetime in any ISO 8601 form that carries an offset and truncates it to the whole second. Years
 * 0001 to 9999 are dates, as for the public service; the instant, once its offset is applied, must be within them too.
 *
 * @throws InvalidParameterError naming `parameter` when the text has no offset or is not a real date.
 * @example parseUtc('2019-12-27T18:11:19.117000+00:00', 'CreatedUtc.StartUtc') // 1577470279
 * @example parseUtc('0001-01-01T00:00:00Z', 'CreatedUtc.StartUtc') // -62135596800
 */
export function parseUtc(text: string, parameter: string): UtcSeconds {
  const match = ISO_DATETIME_WITH_OFFSET.exec(text);
  if (!match) throw new InvalidParameterError(parameter, 'expected an ISO 8601 datetime with an offset.');
  const [, year, month, day, hour, minute, second = '00', , offset = 'Z'] = match;
  const calendarCheck = utcDate(+year!, +month! - 1, +day!, +hour!, +minute!, +second);
  const isRealDate =
    calendarCheck.getUTCFullYear() === +year! &&
    calendarCheck.getUTCMonth() === +month! - 1 &&
    calendarCheck.getUTCDate() === +day! &&
    +hour! < 24 &&
    +minute! < 60 &&
    +second < 60;
  if (!isRealDate) throw new InvalidParameterError(parameter, 'not a valid date and time.');
  const offsetMinutes = offset.toUpperCase() === 'Z' ? 0 : offsetToMinutes(offset);
  if (Number.isNaN(offsetMinutes)) throw new InvalidParameterError(parameter, 'not a valid offset.');
  const utc = Math.floor(calendarCheck.getTime() / 1000) - offsetMinutes * 60;
  if (utc < EARLIEST_UTC || utc > LATEST_UTC) throw new InvalidParameterError(parameter, 'not a valid date and time.');
  return utc;
}

function offsetToMinutes(offset: string): number {
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 18 || minutes > 59) return Number.NaN;
  return (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** A time-interval filter: equality when start equals end, otherwise the half-open `[start, end)`. */
export interface TimeInterval {
  readonly startUtc: UtcSeconds;
  readonly endUtc: UtcSeconds;
}

export interface TimeFilterInput {
  readonly StartUtc?: string | null | undefined;
  readonly EndUtc?: string | null | undefined;
}

/**
 * Validates a `TimeFilterInterval` from a request: both ends present, end not before start, and at most
 * `maxMonths` calendar months long (`EndUtc <= StartUtc + maxMonths`).
 */
export function parseTimeInterval(filter: TimeFilterInput, parameter: string, maxMonths: number): TimeInterval {
  if (filter.StartUtc == null) throw new InvalidParameterError(`${parameter}.StartUtc`, 'required when filtering by time.');
  if (filter.EndUtc == null) throw new InvalidParameterError(`${parameter}.EndUtc`, 'required when filtering by time.');
  const startUtc = parseUtc(filter.StartUtc, `${parameter}.StartUtc`);
  const endUtc = parseUtc(filter.EndUtc, `${parameter}.EndUtc`);
  if (endUtc < startUtc) throw new InvalidParameterError(parameter, 'EndUtc is before StartUtc.');
  if (endUtc > addCalendarMonths(startUtc, maxMonths)) {
    throw new InvalidParameterError(parameter, `the interval is longer than ${maxMonths} month(s).`);
  }
  return { startUtc, endUtc };
}

/** Adds calendar months, clamping the day to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addCalendarMonths(seconds: UtcSeconds, months: number): UtcSeconds {
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}
