import { Type, type Static } from 'typebox';
import type { Application as DomainApplication } from '../../../domain/model.ts';
import { Nullable, Uuid } from './primitives.ts';

/** A client application as the admin API and the CLI's `--json` show it: its schema and its mappings from the domain. */
export const Application = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the application.' },
  Name: Type.String(),
  ClientToken: Type.String({ description: 'The token the application sends as ClientToken with every request.' }),
  WebhookUrl: Nullable(Type.String({ description: 'Where its general webhooks (MessageAdded) go.' })),
  IntegrationWebhookUrl: Nullable(Type.String({ description: 'Where its integration webhooks go.' })),
  IsEnabled: Type.Boolean(),
  WebhookSecret: Type.Optional(
    Type.String({
      description:
        'The Standard Webhooks signing secret (`whsec_` + base64) of its webhook requests. Only in the answer of applications/add and of applications/update with RotateWebhookSecret: store it then.',
    }),
  ),
});
export type Application = Static<typeof Application>;

export function toApplicationDto(application: DomainApplication): Application {
  return {
    Id: application.id,
    Name: application.name,
    ClientToken: application.clientToken,
    WebhookUrl: application.webhookUrl,
    IntegrationWebhookUrl: application.integrationWebhookUrl,
    IsEnabled: application.isEnabled,
  };
}

/** With its webhook signing secret: only in the answers of applications/add and of a secret's rotation. */
export function toApplicationWithSecretDto(application: DomainApplication): Application {
  return { ...toApplicationDto(application), WebhookSecret: application.webhookSecret };
}
