import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, ProviderScoped } from '@iys/platform/nest';
import { CompleteConsentVerificationCommand } from '../../application/commands/complete-consent-verification/complete-consent-verification.command.js';
import type { ConsentVerificationCompleted } from '../../application/commands/complete-consent-verification/complete-consent-verification.handler.js';
import { StartConsentVerificationCommand } from '../../application/commands/start-consent-verification/start-consent-verification.command.js';
import type { ConsentVerificationStarted } from '../../application/commands/start-consent-verification/start-consent-verification.handler.js';
import { CompleteConsentVerificationDto, StartConsentVerificationDto } from './dto/consent-verification.request.dto.js';
import { ConsentVerificationCompletedDto, ConsentVerificationStartedDto } from './dto/consent-verification.response.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');

/**
 * İYS C8, consent collected through the registry: the provider starts a process (the registry
 * sends the recipient a one-time code by SMS or call) and completes it with the code the recipient
 * gives it; the ONAY is then recorded with the registry's source (iys-api.md Part A item 10, §3.8).
 */
@ApiTags('consents')
@ApiBearerAuth()
@Controller()
export class ConsentVerificationController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('sps/:iysCode/brands/:brandCode/consents/overIys')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Ask the registry to collect a consent with a one-time code (İYS C8 startProcess)' })
  @ApiOkResponse({ type: ConsentVerificationStartedDto })
  @ApiIysCodes('H121', 'H195', 'H452', 'H453', 'H459', 'H464', 'H465')
  start(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(StartConsentVerificationDto)) body: StartConsentVerificationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentVerificationStarted> {
    const { recipient, recipientType, type, source } = body;
    return this.commands.execute(new StartConsentVerificationCommand(iysCode, brandCode, { recipient, recipientType, type, source }, principal));
  }

  @Post('sps/:iysCode/brands/:brandCode/consents/verificationCode')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Submit the one-time code; on success the ONAY is recorded (İYS C8 endProcess)' })
  @ApiOkResponse({ type: ConsentVerificationCompletedDto })
  @ApiIysCodes('H195', 'H456', 'H460')
  complete(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(CompleteConsentVerificationDto)) body: CompleteConsentVerificationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsentVerificationCompleted> {
    return this.commands.execute(new CompleteConsentVerificationCommand(iysCode, brandCode, body.requestId, body.verificationCode, principal));
  }
}
