import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addEnterprise, listEnterprises, updateEnterprise } from '../../domain/enterprises.ts';
import { toEnterpriseDto } from '../shared/schemas/enterprise.ts';
import { adminRoute } from './route.ts';
import {
  Empty,
  EnterpriseAddParameters,
  EnterpriseResult,
  EnterprisesResult,
  EnterpriseUpdateParameters,
} from './schemas.ts';

const tags = ['Admin: enterprises'];

export const enterpriseRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/enterprises/add',
    adminRoute({
      tags,
      operationId: 'admin_enterprises_add',
      summary: 'Add enterprise',
      description: 'Creates an enabled enterprise (a property) that access tokens and staff can then belong to.',
      body: EnterpriseAddParameters,
      response: EnterpriseResult,
    }),
    async (request) => ({ Enterprise: toEnterpriseDto(await addEnterprise(store, { name: request.body.Name })) }),
  );

  app.post(
    '/enterprises/getAll',
    adminRoute({
      tags,
      operationId: 'admin_enterprises_getAll',
      summary: 'Get all enterprises',
      description: 'Every enterprise, disabled ones included, oldest first.',
      body: Empty,
      response: EnterprisesResult,
    }),
    async () => ({ Enterprises: (await listEnterprises(store)).map(toEnterpriseDto) }),
  );

  app.post(
    '/enterprises/update',
    adminRoute({
      tags,
      operationId: 'admin_enterprises_update',
      summary: 'Update enterprise',
      description:
        'Renames, enables or disables an enterprise; what is not given stays as it is. Access tokens that reach only disabled enterprises are answered 401.',
      body: EnterpriseUpdateParameters,
      response: EnterpriseResult,
    }),
    async (request) => {
      const { EnterpriseId, Name, IsEnabled } = request.body;
      const enterprise = await updateEnterprise(store, { enterpriseId: EnterpriseId, name: Name, isEnabled: IsEnabled });
      return { Enterprise: toEnterpriseDto(enterprise) };
    },
  );
};
