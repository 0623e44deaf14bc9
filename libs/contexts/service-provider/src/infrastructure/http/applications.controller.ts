import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IdGenerator } from '@iys/platform/building-blocks';
import { ID_GENERATOR, IysValidationPipe, Public } from '@iys/platform/nest';
import { SubmitApplicationCommand } from '../../application/commands/submit-application/submit-application.command.js';
import { SubmitApplicationDto } from './dto/service-provider.request.dto.js';

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** A company applies to become a service provider; an administrator reviews it. */
  @Post()
  @Public()
  @ApiOperation({ summary: 'Apply to register as a service provider' })
  async submit(@Body(new IysValidationPipe(SubmitApplicationDto)) body: SubmitApplicationDto): Promise<{ applicationId: string }> {
    const applicationId: string = await this.commands.execute(new SubmitApplicationCommand(this.ids.next(), body));
    return { applicationId };
  }
}
