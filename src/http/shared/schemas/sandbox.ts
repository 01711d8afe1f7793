import { Type, type Static } from 'typebox';
import type { SandboxCredentials } from '../../../domain/sandboxes.ts';
import { formatUtc } from '../../../domain/time.ts';
import { Nullable, UtcDateTime, Uuid } from './primitives.ts';

/** A sandbox with its credentials, as the admin API and the CLI's `--json` show it: its schema and its one mapping. */
export const Sandbox = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the sandbox; the demo\'s is 00000000-0000-4000-8000-00000000de70.' },
  Name: Type.String(),
  Seed: Nullable(Type.String({ description: 'As given to sandboxes/add: the ids of the sandbox\'s threads, messages and webhooks are drawn from it, so that the same requests give the same ids.' })),
  CreatedUtc: UtcDateTime,
  ExpiresUtc: Nullable({ ...UtcDateTime, description: 'When the expiry sweep removes it; null: never.' }),
  ClientToken: Type.String({ description: 'The ClientToken of the sandbox\'s application.' }),
  WebhookSecret: Type.String({ description: 'The secret that signs the application\'s webhook requests.' }),
  Enterprises: Type.Array(
    Type.Object({
      Id: Uuid,
      Name: Type.String(),
      IntegrationId: Nullable(Uuid),
      AccessToken: Nullable(Type.String({ description: 'The AccessToken of the application\'s integration with the enterprise.' })),
    }),
  ),
  PortfolioAccessToken: Nullable(Type.String({ description: 'An AccessToken over every enterprise of the sandbox.' })),
  Staff: Type.Array(
    Type.Object({
      EnterpriseId: Uuid,
      Email: Type.String(),
      Password: Type.String({ description: 'Generated; signs in to the inbox and the enterprise API.' }),
    }),
  ),
});
export type Sandbox = Static<typeof Sandbox>;

export function toSandboxDto({ sandbox, application, enterprises, portfolioAccessToken, staff }: SandboxCredentials): Sandbox {
  return {
    Id: sandbox.id,
    Name: sandbox.name,
    Seed: sandbox.seed,
    CreatedUtc: formatUtc(sandbox.createdUtc),
    ExpiresUtc: sandbox.expiresUtc === null ? null : formatUtc(sandbox.expiresUtc),
    ClientToken: application.clientToken,
    WebhookSecret: application.webhookSecret,
    Enterprises: enterprises.map(({ enterprise, integration }) => ({
      Id: enterprise.id,
      Name: enterprise.name,
      IntegrationId: integration?.id ?? null,
      AccessToken: integration?.accessToken ?? null,
    })),
    PortfolioAccessToken: portfolioAccessToken?.value ?? null,
    Staff: staff.map((member) => ({ EnterpriseId: member.staff.enterpriseId, Email: member.staff.email, Password: member.password })),
  };
}
