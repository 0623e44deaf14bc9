// Public surface of the identity-and-access context: its Nest module, its migrations and the commands
// that entry points (the CLI) may dispatch. Other contexts must not import from here; they use
// @iys/contracts (IdentityAccessContracts).
import { IdentityAccessSchema1732300045000 } from './infrastructure/read-models/migrations/1732300045000-identity-access-schema.migration.js';

export { IdentityAccessModule } from './identity-access.module.js';
export const identityAccessMigrations = [IdentityAccessSchema1732300045000];

export { CreateApiUserCommand } from './application/commands/create-api-user/create-api-user.command.js';
export { ListApiUsersQuery } from './application/queries/list-api-users/list-api-users.query.js';
export type { ApiUserPage } from './application/queries/list-api-users/list-api-users.handler.js';
// The panel's sign-in and second factor (apps/api/src/web, docs/adr/0055).
export { SignInToPanelCommand } from './application/commands/sign-in-to-panel/sign-in-to-panel.command.js';
export type { PanelSignIn } from './application/commands/sign-in-to-panel/sign-in-to-panel.handler.js';
export { StartTotpEnrolmentCommand } from './application/commands/start-totp-enrolment/start-totp-enrolment.command.js';
export { ConfirmTotpEnrolmentCommand } from './application/commands/confirm-totp-enrolment/confirm-totp-enrolment.command.js';
export { DisableTotpCommand } from './application/commands/disable-totp/disable-totp.command.js';
export { SetProviderTotpRequirementCommand } from './application/commands/set-provider-totp-requirement/set-provider-totp-requirement.command.js';
export { GetSecondFactorQuery } from './application/queries/get-second-factor/get-second-factor.query.js';
export type { TotpEnrolment } from './application/second-factor.js';
export { totpCode, totpStep } from './application/totp.js';
