import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysErrorMap, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, ProviderScoped } from '@iys/platform/nest';
import { RegisterSenderCommand } from '../../application/commands/register-sender/register-sender.command.js';
import { RemoveSenderCommand } from '../../application/commands/remove-sender/remove-sender.command.js';
import { ListSendersQuery } from '../../application/queries/list-senders/list-senders.query.js';
import type { RegisteredSender } from '../../application/sender-identities.js';
import { SENDER_CHANNELS } from '../../domain/sender-identity.js';
import { serviceProviderError } from '../../domain/service-provider.errors.js';
import { RegisterSenderDto } from './dto/service-provider.request.dto.js';
import { RegisteredSenderDto } from './dto/service-provider.response.dto.js';

const SCOPE_ERRORS = { 400: ['H245'], 403: ['H363'] };

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');

/**
 * The identities a brand sends from (SMS headers, calling numbers, e-mail domains): how the
 * operator gate and complaints resolve a message's sender to a provider and brand.
 */
@ApiTags('senders')
@ApiBearerAuth()
@Controller('sps/:iysCode/brands/:brandCode/senders')
export class SendersController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Register a sender identity for the brand (unique registry-wide)' })
  @ApiCreatedResponse({ type: RegisteredSenderDto })
  @ApiIysErrorMap({ ...SCOPE_ERRORS, 409: ['H682'], 422: ['H118', 'H190', 'H191', 'H603', 'H619', 'H681'] })
  register(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(RegisterSenderDto)) body: RegisterSenderDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegisteredSender> {
    return this.commands.execute(new RegisterSenderCommand(iysCode, brandCode, body.channel, body.senderId, principal));
  }

  @Get()
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: "The brand's sender identities" })
  @ApiOkResponse({ type: [RegisteredSenderDto] })
  @ApiIysErrorMap({ ...SCOPE_ERRORS, 422: ['H190', 'H191', 'H619'] })
  list(@Param('iysCode', IYS_CODE) iysCode: number, @Param('brandCode', BRAND_CODE) brandCode: number): Promise<RegisteredSender[]> {
    return this.queries.execute(new ListSendersQuery(iysCode, brandCode));
  }

  @Delete(':channel/:senderId')
  @HttpCode(204)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Remove a sender identity from the brand' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiIysErrorMap({ ...SCOPE_ERRORS, 404: ['H683'], 422: ['H190', 'H191', 'H619', 'H681'] })
  async remove(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('channel') channel: string,
    @Param('senderId') senderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    if (!SENDER_CHANNELS.includes(channel as never)) throw serviceProviderError('H681', ['channel']);
    await this.commands.execute(new RemoveSenderCommand(iysCode, brandCode, channel as RegisteredSender['channel'], senderId, principal));
  }
}
