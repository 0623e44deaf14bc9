import { Body, Controller, Inject, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IdGenerator } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { ApiIysErrorMap, APP_CONFIG, ID_GENERATOR, IysHttpException, iysErrorItem, IysValidationPipe, PROCESS_GROUP, ProcessGroup, Public, type SharedRateLimiter } from '@iys/platform/nest';
import { SubmitApplicationCommand } from '../../application/commands/submit-application/submit-application.command.js';
import { SubmitApplicationDto } from './dto/service-provider.request.dto.js';
import { ApplicationSubmittedDto } from './dto/service-provider.response.dto.js';

const HOUR_MS = 3_600_000;

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  /** The route is public and each application appends an event and seals a signatory's data: limited per client. */
  private readonly perClient: SharedRateLimiter;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PROCESS_GROUP) group: ProcessGroup,
  ) {
    this.perClient = group.rateLimiter('applications-per-hour', config.IYS_APPLICATIONS_PER_HOUR, HOUR_MS);
  }

  /** A company applies to become a service provider; an administrator reviews it. */
  @Post()
  @Public()
  @ApiOperation({ summary: 'Apply to register as a service provider (IYS_APPLICATIONS_PER_HOUR per client address, 429 H634 beyond)' })
  @ApiCreatedResponse({ type: ApplicationSubmittedDto })
  @ApiIysErrorMap({ 400: ['H603'], 422: ['H118', 'H610', 'H611', 'H612', 'H613', 'H614', 'H615', 'H617', 'H618', 'H620', 'H628', 'H631', 'H681'], 429: ['H634'] })
  async submit(@Body(new IysValidationPipe(SubmitApplicationDto)) body: SubmitApplicationDto, @Ip() ip: string): Promise<{ applicationId: string }> {
    if (!(await this.perClient.tryTake(ip))) throw new IysHttpException(429, [iysErrorItem('H634')]);
    const applicationId: string = await this.commands.execute(new SubmitApplicationCommand(this.ids.next(), body));
    return { applicationId };
  }
}
