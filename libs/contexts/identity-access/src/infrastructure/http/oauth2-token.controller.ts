import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysErrorMap, CurrentPrincipal, Public, ROLES } from '@iys/platform/nest';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command.js';
import { IssueTokenCommand } from '../../application/commands/issue-token/issue-token.command.js';
import type { TokenResponse } from '../../application/commands/issue-token/issue-token.handler.js';
import { accessError } from '../../domain/api-access.deciders.js';
import { LegacyRefreshRequestDto, LegacyTokenRequestDto, LegacyTokenResponseDto, RevokedDto, TokenRequestDto, TokenResponseDto } from './dto/token.dto.js';

const TOKEN_ERRORS = { 400: ['H250', 'H625', 'H626', 'H627'], 401: ['H251'], 429: ['H084'] };

interface ClientSpellings {
  accessToken: string;
  refreshToken: string;
}

/** İYS's 2020 answer (iys-api.md §2.4), still read by early clients. */
export interface LegacyTokenResponse {
  status: true;
  message: string;
  result: { accessToken: string; refreshToken: string; expiresIn: number; tokenType: 'bearer' };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw accessError('H250');
  return body as Record<string, unknown>;
}

const clientAddress = (ip: string) => ip.replace(/^::ffff:/, '');

@ApiTags('identity')
@Controller('oauth2')
export class OAuth2TokenController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** İYS A1: `{username, password, grant_type:"password"}` or `{refresh_token, grant_type:"refresh_token"}`, as JSON. */
  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Get or refresh a token (İYS A1)' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiIysErrorMap(TOKEN_ERRORS)
  async token(@Body() body: unknown, @Ip() ip: string): Promise<TokenResponse & ClientSpellings> {
    const issued = await this.commands.execute(new IssueTokenCommand(objectBody(body), clientAddress(ip)));
    // A widely used client reads the camelCase names; the others ignore them.
    return { ...issued, accessToken: issued.access_token, refreshToken: issued.refresh_token };
  }

  /** Ends the caller's session: its access token and refresh token stop working immediately. */
  @Post('revoke')
  @AllowRoles(...ROLES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the current session (logout)' })
  @ApiBearerAuth()
  @ApiOkResponse({ type: RevokedDto })
  async revoke(@CurrentPrincipal() caller: Principal): Promise<{ revoked: true }> {
    await this.commands.execute(new RevokeSessionCommand(caller.sessionId, caller.userId));
    return { revoked: true };
  }
}

/**
 * The 2020 token endpoints (`POST /oauth/token {username, password}`, `POST /oauth/refresh
 * {refreshToken}`), thin aliases of A1 with the old answer shape, for clients written then. Same
 * throttling, same sessions, same errors.
 */
@ApiTags('identity')
@Controller('oauth')
export class LegacyOAuthTokenController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Get a token, 2020 form (deprecated: use POST /oauth2/token)', deprecated: true })
  @ApiBody({ type: LegacyTokenRequestDto })
  @ApiOkResponse({ type: LegacyTokenResponseDto })
  @ApiIysErrorMap(TOKEN_ERRORS)
  async token(@Body() body: unknown, @Ip() ip: string): Promise<LegacyTokenResponse> {
    const { username, password } = objectBody(body);
    return legacy(await this.commands.execute(new IssueTokenCommand({ grant_type: 'password', username, password }, clientAddress(ip))));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh a token, 2020 form (deprecated: use POST /oauth2/token)', deprecated: true })
  @ApiBody({ type: LegacyRefreshRequestDto })
  @ApiOkResponse({ type: LegacyTokenResponseDto })
  @ApiIysErrorMap(TOKEN_ERRORS)
  async refresh(@Body() body: unknown, @Ip() ip: string): Promise<LegacyTokenResponse> {
    const { refreshToken } = objectBody(body);
    return legacy(await this.commands.execute(new IssueTokenCommand({ grant_type: 'refresh_token', refresh_token: refreshToken }, clientAddress(ip))));
  }
}

function legacy(issued: TokenResponse): LegacyTokenResponse {
  return {
    status: true,
    message: 'Başarılı',
    result: { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresIn: issued.expires_in, tokenType: issued.token_type },
  };
}
