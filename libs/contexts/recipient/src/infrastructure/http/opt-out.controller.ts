import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiIysCodes, Public } from '@iys/platform/nest';
import { OptOutResultDto } from './dto/recipient.response.dto.js';
import { OptOutByLinkCommand } from '../../application/commands/opt-out-by-link/opt-out-by-link.command.js';
import type { OptOutResult } from '../../application/commands/opt-out-by-link/opt-out-by-link.handler.js';

/**
 * The one-click opt-out of a consent notice, for clients: POST rejects the consent the link names.
 * The link itself (GET) opens the citizen portal's confirmation page (web/citizen-opt-out.controller.ts),
 * which changes nothing until its button is pressed. The token in the path is the only credential.
 */
@ApiTags('recipients')
@Controller('recipients/opt-out')
export class OptOutController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':token')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Reject the consent the link names, without signing in (once; expires)' })
  @ApiOkResponse({ type: OptOutResultDto })
  @ApiIysCodes('H174', 'H641', 'H666', 'H667', 'H668')
  optOut(@Param('token') token: string): Promise<OptOutResult> {
    return this.commands.execute(new OptOutByLinkCommand(token));
  }
}
