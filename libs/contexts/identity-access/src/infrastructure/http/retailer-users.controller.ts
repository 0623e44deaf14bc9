import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DealerContracts } from '@iys/contracts';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentPrincipal, IntegerParamPipe, IysHttpException, iysErrorItem, IysValidationPipe, ProviderScoped } from '@iys/platform/nest';
import { CreateApiUserCommand } from '../../application/commands/create-api-user/create-api-user.command.js';
import { CreateRetailerUserDto } from './dto/identity-access.request.dto.js';
import { RetailerUserCreatedDto } from './dto/identity-access.response.dto.js';
import { registerIdentityAccessCodes } from './identity-access-codes.js';

// Before the pipes below are built (they name H718).
registerIdentityAccessCodes();

/**
 * A provider gives one of its retailers an API user (role `retailer`), which reads only the consents
 * the retailer has access to. The administrator may do it too; integrators may not (they act on
 * consents, not on who reads them). The retailer is checked through the dealer context's port.
 */
@ApiTags('retailers')
@ApiBearerAuth()
@Controller('sps/:iysCode/brands/:brandCode/retailers/:retailerCode/users')
export class RetailerUsersController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(DealerContracts.RETAILER_DIRECTORY) private readonly retailers: DealerContracts.RetailerDirectoryPort,
  ) {}

  @Post()
  @ProviderScoped('iysCode', { integrators: false, readers: ['admin'], read: true })
  @ApiOperation({ summary: "Create an API user for a retailer (role retailer)" })
  @ApiCreatedResponse({ type: RetailerUserCreatedDto })
  @ApiIysCodes('H621', 'H622', 'H623', 'H628', 'H646', 'H718')
  async create(
    @Param('iysCode', new IntegerParamPipe('H190')) iysCode: number,
    @Param('brandCode', new IntegerParamPipe('H191')) brandCode: number,
    @Param('retailerCode', new IntegerParamPipe('H718', { min: 1 })) retailerCode: number,
    @Body(new IysValidationPipe(CreateRetailerUserDto)) body: CreateRetailerUserDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RetailerUserCreatedDto> {
    if (!(await this.retailers.find(iysCode, brandCode, retailerCode))) throw new IysHttpException(422, [iysErrorItem('H718', { location: ['retailerCode'] })]);
    const userId: string = await this.commands.execute(
      new CreateApiUserCommand(body.username, body.password, 'retailer', iysCode, caller.userId, null, body.allowedIps ?? [], null, { brandCode, retailerCode }),
    );
    return { userId, username: body.username, role: 'retailer', iysCode, brandCode, retailerCode };
  }
}
