import type { Mode } from '../config/config.ts';
import { CONNECTOR_PREFIX } from '../http/connector/index.ts';
import { SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../store/sandbox-seed.ts';

export interface BannerOptions {
  readonly url: string;
  readonly mode: Exclude<Mode, 'production'>;
  /** The sandbox's admin token when it is the one in use; undefined when ADMIN_TOKEN is set (never printed). */
  readonly publicAdminToken: string | undefined;
}

/**
 * What a person starting the sandbox in a terminal needs first: where everything is, and how to sign in. Printed
 * instead of the start-up's JSON log lines only when stdout is a terminal; logs read by machines stay JSON.
 */
export function sandboxBanner({ url, mode, publicAdminToken }: BannerOptions): string {
  const rows: Array<[string, string]> = [
    ['Connector API', `${url}${CONNECTOR_PREFIX}/`],
    ['Reference', `${url}/docs`],
    ['Console', `${url}/console`],
    ['Inbox', `${url}/inbox`],
    ...SANDBOX_STAFF.map((staff, index): [string, string] => [index === 0 ? 'Staff logins' : '', `${staff.email} / ${SANDBOX_STAFF_PASSWORD}`]),
    ['Admin token', publicAdminToken ?? 'the ADMIN_TOKEN you set'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `  connector-messaging is ready, in ${mode} mode`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    `  The public demo credentials work as published: ${url}/`,
    '',
    '',
  ].join('\n');
}
