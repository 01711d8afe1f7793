import type { UnavailableReason } from '../unavailable-storage.ts';

/**
 * SQLSTATE classes and codes of a server that cannot serve for now (PostgreSQL's Appendix A, "Error Codes"): class 08
 * (connection exception), class 53 (insufficient resources: disk full, out of memory, too many connections),
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now: shutting down, starting up or recovering), and
 * 57014 (query canceled, as the statement timeout does).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[123]$|57014$)/;
/** Socket errors of a server that is down, restarting or out of reach. */
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What node-postgres itself says when a connection ends, cannot be made in time, or a query gets no answer in time. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/** PostgreSQL down, restarting, out of reach, out of resources, or too slow to answer: a 503, not a fault. */
export const postgresUnavailableReason: UnavailableReason = (error) => {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const unavailable =
    (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) ||
    UNAVAILABLE_MESSAGE.test(error.message);
  return unavailable ? 'The database is unavailable: nothing was stored; retry later.' : undefined;
};
