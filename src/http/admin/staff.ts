import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminStore } from '../../domain/admin-store.ts';
import { addStaff, listStaff, removeStaff } from '../../domain/staff.ts';
import { toStaffDto } from '../shared/schemas/staff.ts';
import { adminRoute } from './route.ts';
import {
  Empty,
  StaffAddParameters,
  StaffGetAllParameters,
  StaffMembersResult,
  StaffRemoveParameters,
  StaffResult,
} from './schemas.ts';

const tags = ['Admin: staff'];

export const staffRoutes: FastifyPluginAsyncTypebox<{ store: AdminStore }> = async (app, { store }) => {
  app.post(
    '/staff/add',
    adminRoute({
      tags,
      operationId: 'admin_staff_add',
      summary: 'Add staff member',
      description:
        'Creates an employee of an enterprise who can sign in with the email and password. The email is lower-cased and must be unused (else 400 Invalid Email); the password is stored only as a slow salted hash and never returned.',
      body: StaffAddParameters,
      response: StaffResult,
    }),
    async (request) => {
      const { EnterpriseId, Email, Password, Name } = request.body;
      const staff = await addStaff(store, { enterpriseId: EnterpriseId, email: Email, password: Password, name: Name });
      return { Staff: toStaffDto(staff) };
    },
  );

  app.post(
    '/staff/getAll',
    adminRoute({
      tags,
      operationId: 'admin_staff_getAll',
      summary: 'Get all staff members',
      description: 'The staff of one enterprise, or of all enterprises when EnterpriseId is absent; oldest first.',
      body: StaffGetAllParameters,
      response: StaffMembersResult,
    }),
    async (request) => ({ StaffMembers: (await listStaff(store, request.body.EnterpriseId)).map(toStaffDto) }),
  );

  app.post(
    '/staff/remove',
    adminRoute({
      tags,
      operationId: 'admin_staff_remove',
      summary: 'Remove staff member',
      description: 'Deletes a staff member; they can no longer sign in.',
      body: StaffRemoveParameters,
      response: Empty,
    }),
    async (request) => {
      await removeStaff(store, request.body.StaffId);
      return {};
    },
  );
};
