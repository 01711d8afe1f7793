import { Type, type Static } from 'typebox';
import { INTEGRATION_STATES, type Integration as DomainIntegration } from '../../../domain/model.ts';
import { formatUtc } from '../../../domain/time.ts';
import { Nullable, UtcDateTime, Uuid } from './primitives.ts';

/** An integration as the admin API and the CLI's `--json` show it: its schema and its one mapping from the domain. */
export const Integration = Type.Object({
  Id: {
    ...Uuid,
    description:
      'Unique identifier of the integration (the `IntegrationId` of its webhooks): the first 32 hexadecimal digits of the AccessToken it was created with, as a lower-case UUID.',
  },
  ApplicationId: Uuid,
  EnterpriseId: Uuid,
  AccessToken: Type.String({ description: 'The token the application sends as AccessToken for this enterprise.' }),
  State: Type.Enum(INTEGRATION_STATES, { description: 'Only an Enabled integration grants access; Canceled until reinstated.' }),
  Requestor: Nullable(Type.Object({ Name: Type.String(), Email: Type.String() }, { description: 'Who asked for the integration.' })),
  CreatedUtc: UtcDateTime,
});
export type Integration = Static<typeof Integration>;

export function toIntegrationDto(integration: DomainIntegration): Integration {
  return {
    Id: integration.id,
    ApplicationId: integration.applicationId,
    EnterpriseId: integration.enterpriseId,
    AccessToken: integration.accessToken,
    State: integration.state,
    Requestor: integration.requestor && { Name: integration.requestor.name, Email: integration.requestor.email },
    CreatedUtc: formatUtc(integration.createdUtc),
  };
}
