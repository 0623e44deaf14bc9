import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, Public, ROLES } from '@iys/platform/nest';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command.js';
import { IssueTokenCommand } from '../../application/commands/issue-token/issue-token.command.js';
import type { TokenResponse } from '../../application/commands/issue-token/issue-token.handler.js';
import { accessError } from '../../domain/api-access.deciders.js';

@ApiTags('identity')
@Controller('oauth2')
export class OAuth2TokenController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** İYS A1: `{username, password, grant_type:"password"}` or `{refresh_token, grant_type:"refresh_token"}`, as JSON. */
  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Get or refresh a token (İYS A1)' })
  token(@Body() body: unknown, @Ip() ip: string): Promise<TokenResponse> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw accessError('H250');
    return this.commands.execute(new IssueTokenCommand(body as Record<string, unknown>, ip.replace(/^::ffff:/, '')));
  }

  /** Ends the caller's session: its access token and refresh token stop working immediately. */
  @Post('revoke')
  @AllowRoles(...ROLES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the current session (logout)' })
  async revoke(@CurrentPrincipal() caller: Principal): Promise<{ revoked: true }> {
    await this.commands.execute(new RevokeSessionCommand(caller.sessionId, caller.userId));
    return { revoked: true };
  }
}
