import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysErrorMap, CurrentPrincipal, IysHttpException, iysErrorItem, IysValidationPipe } from '@iys/platform/nest';
import { ApiUserCreatedDto, ApiUserDisabledDto } from './dto/identity-access.response.dto.js';
import { CreateApiUserCommand } from '../../application/commands/create-api-user/create-api-user.command.js';
import { DisableApiUserCommand } from '../../application/commands/disable-api-user/disable-api-user.command.js';
import { CreateApiUserDto } from './dto/identity-access.request.dto.js';

/** The registry administrator's user management: create an API user of any role, disable one. */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles('admin')
@Controller('admin/users')
export class UsersAdminController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Create an API user (provider, integrator, authority, operator or admin)' })
  @ApiCreatedResponse({ type: ApiUserCreatedDto })
  @ApiIysErrorMap({ 400: ['H603'], 403: ['H363'], 409: ['H621'], 422: ['H118', 'H622', 'H623', 'H624', 'H628', 'H629', 'H646', 'H730'] })
  async createUser(
    @Body(new IysValidationPipe(CreateApiUserDto)) body: CreateApiUserDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ userId: string; username: string; role: string; iysCode: number | null }> {
    const iysCode = body.iysCode ?? null;
    const userId: string = await this.commands.execute(
      new CreateApiUserCommand(body.username, body.password, body.role, iysCode, admin.userId, body.integratorCode ?? null, body.allowedIps ?? [], body.operatorCode ?? null),
    );
    return { userId, username: body.username, role: body.role, iysCode };
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user: no more logins, every open session revoked' })
  @ApiOkResponse({ type: ApiUserDisabledDto })
  @ApiIysErrorMap({ 403: ['H363'], 404: ['H633'] })
  async disableUser(
    @Param('userId', new ParseUUIDPipe({ exceptionFactory: () => new IysHttpException(404, [iysErrorItem('H633')]) })) userId: string,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ userId: string; disabled: true }> {
    await this.commands.execute(new DisableApiUserCommand(userId, admin.userId));
    return { userId, disabled: true };
  }
}
