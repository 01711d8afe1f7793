// How the inbox writes instants: short and relative for today, dates beyond, always in the reader's time zone.
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole days from `date`'s day to `now`'s (0: today, 1: yesterday). */
function daysAgo(date, now) {
  return Math.round((startOfDay(now) - startOfDay(date)) / (24 * HOUR_MS));
}

/** "08:52": the time of day. */
export function clockTime(utc) {
  return new Date(utc).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "1 Dec 2026, 08:52": the whole instant, for a tooltip. */
export function fullTime(utc) {
  return new Date(utc).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** For the thread list: "just now", "5 min ago" within the hour, "08:52" today, then "Yesterday", "28 Nov", "28 Nov 2025". */
export function shortTime(utc, now = new Date()) {
  const date = new Date(utc);
  const age = now.getTime() - date.getTime();
  const days = daysAgo(date, now);
  if (days === 0 && age < MINUTE_MS) return 'just now';
  if (days === 0 && age < HOUR_MS) return `${Math.floor(age / MINUTE_MS)} min ago`;
  if (days === 0) return clockTime(utc);
  if (days === 1) return 'Yesterday';
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(!sameYear && { year: 'numeric' }) });
}

/** A conversation's day separator: "Today", "Yesterday", "Friday 27 November 2026". */
export function dayLabel(utc, now = new Date()) {
  const days = daysAgo(new Date(utc), now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return new Date(utc).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** Whether two instants fall on the same day of the reader's calendar. */
export function sameDay(a, b) {
  return startOfDay(new Date(a)) === startOfDay(new Date(b));
}
