import type { AccessToken, Enterprise, Integration, Staff } from '../../domain/model.ts';
import { formatUtc } from '../../domain/time.ts';
import type * as Dto from './schemas.ts';

/** Domain objects as the admin API (and the CLI's `--json`) shows them: one function per object, one place per field. */

export function toEnterpriseDto(enterprise: Enterprise): Dto.Enterprise {
  return { Id: enterprise.id, Name: enterprise.name, IsEnabled: enterprise.isEnabled };
}

export function toIntegrationDto(integration: Integration): Dto.Integration {
  return {
    Id: integration.id,
    Name: integration.name,
    ClientToken: integration.clientToken,
    WebhookUrl: integration.webhookUrl,
    IsEnabled: integration.isEnabled,
  };
}

/** With its webhook signing secret: only in the answers of integrations/add and of a secret's rotation. */
export function toIntegrationWithSecretDto(integration: Integration): Dto.Integration {
  return { ...toIntegrationDto(integration), WebhookSecret: integration.webhookSecret };
}

export function toAccessTokenDto(token: AccessToken): Dto.AccessToken {
  return {
    Value: token.value,
    IntegrationId: token.integrationId,
    EnterpriseIds: [...token.enterpriseIds],
    CreatedUtc: formatUtc(token.createdUtc),
    RevokedUtc: token.revokedUtc === null ? null : formatUtc(token.revokedUtc),
  };
}

export function toStaffDto(staff: Staff): Dto.Staff {
  return { Id: staff.id, Email: staff.email, Name: staff.name, EnterpriseId: staff.enterpriseId };
}
