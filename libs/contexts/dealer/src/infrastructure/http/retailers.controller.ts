import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, ApiIysPaging, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, parsePaging, ProviderScoped } from '@iys/platform/nest';
import { DeleteRetailerCommand } from '../../application/commands/delete-retailer/delete-retailer.command.js';
import { RegisterRetailerCommand } from '../../application/commands/register-retailer/register-retailer.command.js';
import { GetRetailerQuery } from '../../application/queries/get-retailer/get-retailer.query.js';
import type { RetailerPage } from '../../application/queries/list-retailers/list-retailers.handler.js';
import { ListRetailersQuery } from '../../application/queries/list-retailers/list-retailers.query.js';
import type { RetailerView } from '../../application/queries/retailer-view.js';
import './dealer-codes.js';
import { AddRetailerDto } from './dto/retailer.request.dto.js';
import { RetailerAddedDto, RetailerPageDto, RetailerViewDto } from './dto/retailer.response.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const RETAILER_CODE = new IntegerParamPipe('H713', { min: 1 });
const actorOf = (principal: Principal) => ({ kind: principal.role === 'integrator' ? ('integrator' as const) : ('service-provider' as const), id: principal.userId });

/** İYS Bayi Yönetimi (R1–R4, iys-api.md §3.10). */
@ApiTags('retailers')
@ApiBearerAuth()
@Controller('sps/:iysCode/brands/:brandCode/retailers')
export class RetailersController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Add a retailer to a brand (İYS R1)' })
  @ApiOkResponse({ type: RetailerAddedDto })
  @ApiIysCodes('H195', 'H700', 'H701', 'H702', 'H703', 'H704', 'H705', 'H706', 'H707', 'H708', 'H709', 'H710')
  add(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(AddRetailerDto)) body: AddRetailerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ retailerCode: number }> {
    const details = { ...body, tckn: String(body.tckn), city: { ...body.city, code: String(body.city.code) }, town: { ...body.town, code: String(body.town.code) } };
    return this.commands.execute(new RegisterRetailerCommand(iysCode, brandCode, details, actorOf(principal)));
  }

  @Get()
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: "A page of the brand's retailers (İYS R2)" })
  @ApiOkResponse({ type: RetailerPageDto })
  @ApiIysPaging()
  @ApiIysCodes('H195')
  list(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Query('offset') offset?: string,
    @Query('limit') limit?: string,
  ): Promise<RetailerPage> {
    const page = parsePaging({ offset, limit });
    return this.queries.execute(new ListRetailersQuery(iysCode, brandCode, page.offset, page.limit));
  }

  @Get(':retailerCode')
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'One retailer (İYS R3)' })
  @ApiOkResponse({ type: RetailerViewDto })
  @ApiIysCodes('H195', 'H711', 'H713')
  get(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('retailerCode', RETAILER_CODE) retailerCode: number,
  ): Promise<RetailerView> {
    return this.queries.execute(new GetRetailerQuery(iysCode, brandCode, retailerCode));
  }

  @Delete(':retailerCode')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Delete a retailer never associated with a consent (İYS R4)' })
  @ApiOkResponse({ description: 'Deleted; no body' })
  @ApiIysCodes('H195', 'H711', 'H712', 'H713')
  async delete(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('retailerCode', RETAILER_CODE) retailerCode: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.commands.execute(new DeleteRetailerCommand(iysCode, brandCode, retailerCode, actorOf(principal)));
  }
}
