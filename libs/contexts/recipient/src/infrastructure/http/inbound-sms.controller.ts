import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIysCodes, IysValidationPipe, Public } from '@iys/platform/nest';
import { InboundSmsResultDto } from './dto/recipient.response.dto.js';
import { HandleInboundSmsCommand } from '../../application/commands/handle-inbound-sms/handle-inbound-sms.command.js';
import type { InboundSmsResult } from '../../application/commands/handle-inbound-sms/handle-inbound-sms.handler.js';
import { SmsWebhookSignature } from '../../application/identity/sms-webhook-signature.js';
import { InboundSmsDto } from './dto/recipient.request.dto.js';

/** The SMS gateway's webhook for texts sent to the registry's short number. Authenticated by its HMAC signature, not a token. */
@ApiTags('recipients')
@Controller('recipients/sms')
export class InboundSmsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SmsWebhookSignature) private readonly signature: SmsWebhookSignature,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @Public()
  @ApiHeader({ name: 'x-iys-timestamp', description: 'Unix seconds when the gateway signed the request (±5 minutes)' })
  @ApiHeader({ name: 'x-iys-signature', description: 'sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>' })
  @ApiOperation({ summary: 'A text received on the short number: RET, RET <BRAND>, or anything else (help reply)' })
  @ApiBody({ type: InboundSmsDto })
  @ApiOkResponse({ type: InboundSmsResultDto })
  @ApiIysCodes('H660', 'H669', 'H670', 'H678')
  async inbound(
    @Req() request: { rawBody?: Buffer },
    @Headers('x-iys-timestamp') timestamp: string | undefined,
    @Headers('x-iys-signature') signature: string | undefined,
    @Body() body: unknown,
  ): Promise<InboundSmsResult> {
    // The signature first: an unsigned request learns nothing, not even whether its body is well formed.
    this.signature.verify(timestamp, signature, request.rawBody);
    const message = (await new IysValidationPipe(InboundSmsDto).transform(body, { type: 'body', metatype: InboundSmsDto })) as InboundSmsDto;
    return this.commands.execute(new HandleInboundSmsCommand(message.messageId, message.from, message.text));
  }
}
