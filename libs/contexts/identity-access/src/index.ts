// Public surface of the identity-and-access context: its Nest module, its migrations and the commands
// that entry points (the CLI) may dispatch. Other contexts must not import from here; they use
// @iys/contracts (IdentityAccessContracts).
import { IdentityAccessSchema1732300045000 } from './infrastructure/read-models/migrations/1732300045000-identity-access-schema.migration.js';

export { IdentityAccessModule } from './identity-access.module.js';
export const identityAccessMigrations = [IdentityAccessSchema1732300045000];

export { CreateApiUserCommand } from './application/commands/create-api-user/create-api-user.command.js';
export { ListApiUsersQuery } from './application/queries/list-api-users/list-api-users.query.js';
export type { ApiUserPage } from './application/queries/list-api-users/list-api-users.handler.js';
