import type { FastifyInstance } from 'fastify';
import type { Mode } from '../../config/config.ts';
import { SANDBOX_APPLICATIONS, SANDBOX_ENTERPRISES, SANDBOX_MESSAGE_THREAD, SANDBOX_STAFF, SANDBOX_STAFF_PASSWORD } from '../../store/sandbox-seed.ts';
import { webPageHeaders } from '../shared/web-app.ts';

export interface LandingPageOptions {
  readonly mode: Mode;
  /** Whether the admin API, and so the console, exists (production without ADMIN_TOKEN: no). */
  readonly console: boolean;
  /** The sandbox's admin token when it is the one in use; never a configured one. */
  readonly publicAdminToken: string | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/** A row of a two-column table: a label, and a value to copy as it stands. */
const row = (label: string, value: string) => `<tr><th scope="row">${escape(label)}</th><td><code>${escape(value)}</code></td></tr>`;

function links(options: LandingPageOptions): string {
  const items = [
    ['/docs', 'API reference', 'every operation, with "Try it out"'],
    ...(options.console ? [['/console', 'Console', 'sandboxes, their credentials, webhook deliveries and replies as the hotel']] : []),
    ['/inbox', 'Inbox', 'the hotel staff\'s side of the conversations'],
  ];
  return items.map(([href, name, what]) => `<li><a href="${href}">${escape(name!)}</a>: ${escape(what!)}</li>`).join('\n');
}

/** The public demo's credentials and logins: only in sandbox and development mode, where they are seeded. */
function demoCredentials(options: LandingPageOptions): string {
  if (options.mode === 'production') return '';
  const application = SANDBOX_APPLICATIONS[0];
  return `
<section aria-labelledby="demo-title">
<h2 id="demo-title">Demo credentials</h2>
<p>This server runs in ${escape(options.mode)} mode: the Connector API's public demo credentials work as published.</p>
<table>
${row('Client', 'Sample Client 1.0.0')}
${row('ClientToken', application.clientToken)}
${SANDBOX_ENTERPRISES.map((enterprise, index) => row(`AccessToken, ${enterprise.name}`, application.accessTokens[index]!)).join('\n')}
${row(`MessageThreadId, a seeded thread of ${SANDBOX_ENTERPRISES[0].name}`, SANDBOX_MESSAGE_THREAD.id)}
${options.publicAdminToken === undefined ? '' : row('Admin token', options.publicAdminToken)}
</table>
<h2 id="staff-title">Staff logins</h2>
<table aria-labelledby="staff-title">
${SANDBOX_STAFF.map((staff) => row(staff.name, `${staff.email} / ${SANDBOX_STAFF_PASSWORD}`)).join('\n')}
</table>
</section>`;
}

function landingPage(options: LandingPageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>connector-messaging</title>
<link rel="stylesheet" href="/ui-common/landing.css">
</head>
<body>
<main>
<h1>connector-messaging</h1>
<p>A self-hostable server for the customer-messaging part of the Mews Connector API: message threads and messages
at <code>/api/connector/v1/</code>, with the same paths, bodies and errors as the public service, and the hotel's side
of the conversation.</p>
<ul class="links">
${links(options)}
</ul>${demoCredentials(options)}
</main>
</body>
</html>
`;
}

/** `GET /`: what this server is and where to go next; the demo credentials where they are seeded. */
export async function landingPageRoute(app: FastifyInstance, options: LandingPageOptions) {
  const html = landingPage(options);
  app.get('/', { schema: { hide: true } }, async function landing(_request, reply) {
    webPageHeaders(reply);
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
