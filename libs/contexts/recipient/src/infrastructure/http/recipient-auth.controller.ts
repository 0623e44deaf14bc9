import { Body, Controller, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentRecipient, IysValidationPipe, Public, RecipientScoped } from '@iys/platform/nest';
import { RequestCodeCommand } from '../../application/commands/request-code/request-code.command.js';
import { SignInCommand } from '../../application/commands/sign-in/sign-in.command.js';
import { SignOutCommand } from '../../application/commands/sign-out/sign-out.command.js';
import type { RecipientTokenResponse } from '../../application/identity/recipient-sessions.js';
import type { IssuedChallenge } from '../../application/identity/sign-in-codes.js';
import { RedeemCodeDto, RequestCodeDto } from './dto/recipient.request.dto.js';

import { IssuedChallengeDto, RecipientTokenDto, SignedOutDto } from './dto/recipient.response.dto.js';

/**
 * Recipients sign in by proving an address: a 6-digit code goes to it (SMS or e-mail), and the code
 * buys a 30-minute recipient token. No password, no personal data beyond the address itself.
 */
@ApiTags('recipients')
@Controller('recipients/auth')
export class RecipientAuthController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('codes')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Send a sign-in code to a phone number (SMS) or e-mail address; limited per address and per client' })
  @ApiOkResponse({ type: IssuedChallengeDto })
  @ApiIysCodes('H660', 'H661', 'H662')
  requestCode(@Body(new IysValidationPipe(RequestCodeDto)) body: RequestCodeDto, @Ip() ip: string): Promise<IssuedChallenge> {
    return this.commands.execute(new RequestCodeCommand(body.recipient, 'sign-in', `ip:${ip}`));
  }

  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange the code for a recipient token (opens the account on first sign-in)' })
  @ApiOkResponse({ type: RecipientTokenDto })
  @ApiIysCodes('H663', 'H664')
  signIn(@Body(new IysValidationPipe(RedeemCodeDto)) body: RedeemCodeDto): Promise<RecipientTokenResponse> {
    return this.commands.execute(new SignInCommand(body.challengeId, body.code));
  }

  @Post('revoke')
  @HttpCode(200)
  @RecipientScoped()
  @ApiOperation({ summary: 'Sign out: the token stops working at once' })
  @ApiOkResponse({ type: SignedOutDto })
  async signOut(@CurrentRecipient() recipient: RecipientPrincipal): Promise<{ revoked: true }> {
    await this.commands.execute(new SignOutCommand(recipient.sessionId));
    return { revoked: true };
  }
}
