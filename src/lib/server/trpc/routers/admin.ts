import * as organisation from '../../domain/organisation/organisation.service';
import {
	addAgencyToLmgInput,
	createAgencyInput,
	createLmgInput,
	createRegionInput
} from '../../domain/organisation/organisation.schema';
import * as users from '../../domain/users/users.service';
import { createUserInput, disableUserInput, listUsersInput } from '../../domain/users/users.schema';
import { adminProcedure, router } from '../init';

export const adminRouter = router({
	organisation: adminProcedure.query(({ ctx }) => organisation.getOrganisation(ctx.app)),
	createRegion: adminProcedure.input(createRegionInput).mutation(({ ctx, input }) => organisation.createRegion(ctx.app, ctx.user, input)),
	createLmg: adminProcedure.input(createLmgInput).mutation(({ ctx, input }) => organisation.createLmg(ctx.app, ctx.user, input)),
	createAgency: adminProcedure.input(createAgencyInput).mutation(({ ctx, input }) => organisation.createAgency(ctx.app, ctx.user, input)),
	addAgencyToLmg: adminProcedure
		.input(addAgencyToLmgInput)
		.mutation(({ ctx, input }) => organisation.addAgencyToLmg(ctx.app, ctx.user, input)),
	createUser: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => users.createUser(ctx.app, ctx.user, input)),
	disableUser: adminProcedure.input(disableUserInput).mutation(({ ctx, input }) => users.disableUser(ctx.app, ctx.user, input)),
	enableUser: adminProcedure.input(disableUserInput).mutation(({ ctx, input }) => users.enableUser(ctx.app, ctx.user, input)),
	listUsers: adminProcedure.input(listUsersInput).query(({ ctx, input }) => users.listUsers(ctx.app, input))
});
