import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysCodes, CurrentPrincipal, IysValidationPipe } from '@iys/platform/nest';
import { IssuedChallengeDto, RecipientTokenDto } from './dto/recipient.response.dto.js';
import { RequestCodeCommand } from '../../application/commands/request-code/request-code.command.js';
import { SignInCommand } from '../../application/commands/sign-in/sign-in.command.js';
import type { RecipientTokenResponse } from '../../application/identity/recipient-sessions.js';
import type { IssuedChallenge } from '../../application/identity/sign-in-codes.js';
import { RedeemCodeDto, RequestCodeDto } from './dto/recipient.request.dto.js';

/**
 * The registry's call centre. An agent never acts on a number they are merely told: the caller gets
 * a code on that address and reads it back; the agent then holds a 15-minute recipient session for
 * the caller (the /recipients/me routes), in which every decision is recorded as IYS_CM with the
 * agent as actor.
 */
@ApiTags('call-centre')
@ApiBearerAuth()
@AllowRoles('agent')
@Controller('call-centre/callers')
export class CallCentreController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('codes')
  @HttpCode(200)
  @ApiOperation({ summary: "Send a code to the caller's address; the caller reads it back" })
  @ApiOkResponse({ type: IssuedChallengeDto })
  @ApiIysCodes('H660', 'H661', 'H662')
  requestCode(@CurrentPrincipal() agent: Principal, @Body(new IysValidationPipe(RequestCodeDto)) body: RequestCodeDto): Promise<IssuedChallenge> {
    return this.commands.execute(new RequestCodeCommand(body.recipient, 'call-centre', `agent:${agent.userId}`));
  }

  @Post('sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'The code the caller read back opens a recipient session for the agent (15 minutes)' })
  @ApiOkResponse({ type: RecipientTokenDto })
  @ApiIysCodes('H663', 'H664')
  openSession(@CurrentPrincipal() agent: Principal, @Body(new IysValidationPipe(RedeemCodeDto)) body: RedeemCodeDto): Promise<RecipientTokenResponse> {
    return this.commands.execute(new SignInCommand(body.challengeId, body.code, agent.userId));
  }
}
