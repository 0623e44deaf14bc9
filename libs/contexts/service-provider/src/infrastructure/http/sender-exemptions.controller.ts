import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Clock, Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysCodes, CLOCK, CurrentPrincipal, IysHttpException, iysErrorItem, IysValidationPipe, Public } from '@iys/platform/nest';
import { EndSenderExemptionCommand } from '../../application/commands/end-sender-exemption/end-sender-exemption.command.js';
import type { SenderExemptionView } from '../../application/queries/list-sender-exemptions/list-sender-exemptions.handler.js';
import { ListSenderExemptionsQuery } from '../../application/queries/list-sender-exemptions/list-sender-exemptions.query.js';
import { EndSenderExemptionDto, GrantSenderExemptionDto, grantSenderExemptionCommand } from './dto/sender-exemption.request.dto.js';
import { SenderExemptionDto, SenderExemptionEndedDto, SenderExemptionGrantedDto } from './dto/service-provider.response.dto.js';

const EXEMPTION_ID = new ParseUUIDPipe({ exceptionFactory: () => new IysHttpException(404, [iysErrorItem('H732', { location: ['exemptionId'] })]) });

/** Exempt senders (NGOs, associations, public bodies): registered and ended by the administrator. */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles('admin')
@Controller('admin/sender-exemptions')
export class SenderExemptionsAdminController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an exempt sender with its identities and validity' })
  @ApiCreatedResponse({ type: SenderExemptionGrantedDto })
  @ApiIysCodes('H731', 'H733')
  async grant(@Body(new IysValidationPipe(GrantSenderExemptionDto)) body: GrantSenderExemptionDto, @CurrentPrincipal() admin: Principal): Promise<{ exemptionId: string }> {
    const exemptionId: string = await this.commands.execute(grantSenderExemptionCommand(body, admin.userId));
    return { exemptionId };
  }

  @Post(':exemptionId/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an exemption (now, or at a given instant)' })
  @ApiOkResponse({ type: SenderExemptionEndedDto })
  @ApiIysCodes('H731', 'H732', 'H733')
  end(
    @Param('exemptionId', EXEMPTION_ID) exemptionId: string,
    @Body(new IysValidationPipe(EndSenderExemptionDto)) body: EndSenderExemptionDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<{ exemptionId: string; validTo: string }> {
    return this.commands.execute(new EndSenderExemptionCommand(exemptionId.toLowerCase(), admin.userId, body.endedAt));
  }

  @Get()
  @ApiOperation({ summary: 'Every exemption, ended ones included' })
  @ApiOkResponse({ type: [SenderExemptionDto] })
  list(): Promise<SenderExemptionView[]> {
    return this.queries.execute(new ListSenderExemptionsQuery());
  }
}

/** The public, read-only list of senders exempt now: anyone may see who may message without consent. */
@ApiTags('sender-exemptions')
@Public()
@Controller('sender-exemptions')
export class SenderExemptionsPublicController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Senders exempt from consent now' })
  @ApiOkResponse({ type: [SenderExemptionDto] })
  list(): Promise<SenderExemptionView[]> {
    return this.queries.execute(new ListSenderExemptionsQuery({ current: { at: this.clock.now() } }));
  }
}
