import { Type, type Static } from 'typebox';
import type { Integration as DomainIntegration } from '../../../domain/model.ts';
import { Nullable, Uuid } from './primitives.ts';

/** An integration as the admin API and the CLI's `--json` show it: its schema and its mappings from the domain. */
export const Integration = Type.Object({
  Id: { ...Uuid, description: 'Unique identifier of the integration.' },
  Name: Type.String(),
  ClientToken: Type.String({ description: 'The token the integration sends as ClientToken with every request.' }),
  WebhookUrl: Nullable(Type.String()),
  IsEnabled: Type.Boolean(),
  WebhookSecret: Type.Optional(
    Type.String({
      description:
        'The Standard Webhooks signing secret (`whsec_` + base64) of its webhook requests. Only in the answer of integrations/add and of integrations/update with RotateWebhookSecret: store it then.',
    }),
  ),
});
export type Integration = Static<typeof Integration>;

export function toIntegrationDto(integration: DomainIntegration): Integration {
  return {
    Id: integration.id,
    Name: integration.name,
    ClientToken: integration.clientToken,
    WebhookUrl: integration.webhookUrl,
    IsEnabled: integration.isEnabled,
  };
}

/** With its webhook signing secret: only in the answers of integrations/add and of a secret's rotation. */
export function toIntegrationWithSecretDto(integration: DomainIntegration): Integration {
  return { ...toIntegrationDto(integration), WebhookSecret: integration.webhookSecret };
}
