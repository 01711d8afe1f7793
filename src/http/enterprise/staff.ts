import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnterpriseStore } from '../../domain/enterprise-store.ts';
import { errorResponses } from '../shared/schemas/connector-api-exception-result.ts';
import { toColleagueDto } from './mappers.ts';
import { EmptyParameters, StaffGetAllResult } from './schemas.ts';

/** `staff/getAll`: who a thread can be assigned to. */
export const colleagueRoutes: FastifyPluginAsyncTypebox<{ enterprise: EnterpriseStore }> = async (app, stores) => {
  app.post(
    '/staff/getAll',
    {
      schema: {
        tags: ['Inbox: staff'],
        operationId: 'enterprise_staff_getAll',
        summary: 'Get the staff of the enterprise',
        description: 'The staff members of the signed-in staff member\'s enterprise (themselves included), by name: Id and Name only.',
        body: EmptyParameters,
        response: { 200: StaffGetAllResult, ...errorResponses },
      },
    },
    async function getAllStaff(request) {
      const staff = await stores.enterprise.listStaffOf(request.staff.enterpriseId);
      return { StaffMembers: staff.map(toColleagueDto) };
    },
  );
};
