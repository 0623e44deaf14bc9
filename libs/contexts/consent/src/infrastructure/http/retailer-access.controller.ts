import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysCodes, ApiIysPaging, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, parsePaging, ProviderScoped } from '@iys/platform/nest';
import { GrantRetailerAccessCommand } from '../../application/commands/grant-retailer-access/grant-retailer-access.command.js';
import { SubmitRetailerAccessBatchCommand } from '../../application/commands/submit-retailer-access-batch/submit-retailer-access-batch.command.js';
import type { ConsentStatusResult } from '../../application/queries/get-consent-status/get-consent-status.handler.js';
import { GetConsentStatusQuery } from '../../application/queries/get-consent-status/get-consent-status.query.js';
import type { ConsentRetailerPage } from '../../application/queries/list-consent-retailers/list-consent-retailers.handler.js';
import { ListConsentRetailersQuery } from '../../application/queries/list-consent-retailers/list-consent-retailers.query.js';
import type { RetailerConsentPage } from '../../application/queries/retailer-consents/retailer-consents.handler.js';
import { ListRetailerConsentsQuery } from '../../application/queries/retailer-consents/retailer-consents.query.js';
import { RetailerAccessKeeper } from '../../application/retailer-access.js';
import { ConsentStatusQueryDto } from './dto/consent.request.dto.js';
import {
  GrantRetailerAccessDto,
  RemoveAllRetailerAccessDto,
  RemoveRetailerAccessDto,
  ReplaceRetailerAccessDto,
  RetailerAccessQueryDto,
} from './dto/retailer-access.request.dto.js';
import { ConsentStatusDto } from './dto/consent.response.dto.js';
import { ConsentRetailerPageDto, RetailerAccessGrantedDto, RetailerAccessRequestDto, RetailerConsentPageDto } from './dto/retailer-access.response.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
/** Every spelling İYS clients use (iys-api.md §8 item 1): `consent`/`consents` × `retailer`/`retailers`. */
const spellings = (tail: string) =>
  ['consents/retailers', 'consents/retailer', 'consent/retailers', 'consent/retailer'].map((middle) => `sps/:iysCode/brands/:brandCode/${middle}/${tail}`);

/** What resolving a brand, a recipient and the listed retailers may answer (RetailerAccessKeeper). */
const ACCESS_CODES = ['H120', 'H121', 'H180', 'H193', 'H195', 'H401', 'H717'];

/** İYS Bayi İzin Yönetimi (RA1–RA5, iys-api.md §3.11) and the retailer's own view of its consents. */
@ApiTags('retailer access')
@ApiBearerAuth()
@Controller()
export class RetailerAccessController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
  ) {}

  @Post(spellings('access'))
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Add retailers to the access list of one consent (İYS RA1)' })
  @ApiOkResponse({ type: RetailerAccessGrantedDto })
  @ApiIysCodes(...ACCESS_CODES)
  grant(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(GrantRetailerAccessDto)) body: GrantRetailerAccessDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ transactionId: string }> {
    return this.commands.execute(new GrantRetailerAccessCommand(iysCode, brandCode, body.recipient, body.recipientType, body.type, body.retailerAccess, principal));
  }

  @Put(spellings('access'))
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: "Replace the access list of each listed recipient's consent, asynchronously (İYS RA2; outcome via C4)" })
  @ApiOkResponse({ type: RetailerAccessRequestDto })
  @ApiIysCodes(...ACCESS_CODES)
  replace(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(ReplaceRetailerAccessDto)) body: ReplaceRetailerAccessDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ requestId: string }> {
    return this.commands.execute(
      new SubmitRetailerAccessBatchCommand(iysCode, brandCode, 'replace', body.recipients, body.recipientType, body.type, body.retailerAccess, principal),
    );
  }

  @Post(spellings('access/list'))
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Retailers with access to one consent, paged (İYS RA3)' })
  @ApiOkResponse({ type: ConsentRetailerPageDto })
  @ApiIysPaging()
  @ApiIysCodes(...ACCESS_CODES)
  list(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(RetailerAccessQueryDto)) body: RetailerAccessQueryDto,
    @Query('offset') offset?: string,
    @Query('limit') limit?: string,
  ): Promise<ConsentRetailerPage> {
    const page = parsePaging({ offset, limit });
    return this.queries.execute(new ListConsentRetailersQuery(iysCode, brandCode, body.recipient, body.recipientType, body.type, page.offset, page.limit));
  }

  @Post(spellings('access/remove'))
  @HttpCode(202)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Remove the listed retailers from the listed consents, asynchronously (İYS RA4; outcome via C4)' })
  @ApiResponse({ status: 202, type: RetailerAccessRequestDto })
  @ApiIysCodes(...ACCESS_CODES)
  remove(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(RemoveRetailerAccessDto)) body: RemoveRetailerAccessDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ requestId: string }> {
    return this.commands.execute(
      new SubmitRetailerAccessBatchCommand(iysCode, brandCode, 'remove', body.recipients, body.recipientType, body.type, body.retailerAccess, principal),
    );
  }

  @Post(spellings('access/remove/all'))
  @HttpCode(202)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Remove every retailer from the listed consents, asynchronously (İYS RA5; outcome via C4)' })
  @ApiResponse({ status: 202, type: RetailerAccessRequestDto })
  @ApiIysCodes(...ACCESS_CODES)
  removeAll(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(RemoveAllRetailerAccessDto)) body: RemoveAllRetailerAccessDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ requestId: string }> {
    return this.commands.execute(new SubmitRetailerAccessBatchCommand(iysCode, brandCode, 'remove-all', body.recipients, body.recipientType, body.type, [], principal));
  }

  @Post('retailer/consents/status')
  @HttpCode(200)
  @AllowRoles('retailer')
  @ApiOperation({ summary: "A retailer: status of one consent it has access to (C2's shape)" })
  @ApiOkResponse({ type: ConsentStatusDto })
  @ApiIysCodes('H120', 'H121', 'H641')
  async retailerStatus(@Body(new IysValidationPipe(ConsentStatusQueryDto)) body: ConsentStatusQueryDto, @CurrentPrincipal() principal: Principal): Promise<ConsentStatusResult> {
    const { iysCode, brandCode, retailerCode } = await this.access.activeRetailerOf(principal);
    return this.queries.execute(new GetConsentStatusQuery(iysCode, brandCode, body.recipient, body.recipientType, body.type, retailerCode));
  }

  @Get('retailer/consents')
  @AllowRoles('retailer')
  @ApiOperation({ summary: 'A retailer: the consents it has access to, paged' })
  @ApiOkResponse({ type: RetailerConsentPageDto })
  @ApiIysPaging()
  async retailerConsents(@CurrentPrincipal() principal: Principal, @Query('offset') offset?: string, @Query('limit') limit?: string): Promise<RetailerConsentPage> {
    const page = parsePaging({ offset, limit });
    const { iysCode, brandCode, retailerCode } = await this.access.activeRetailerOf(principal);
    return this.queries.execute(new ListRetailerConsentsQuery(iysCode, brandCode, retailerCode, page.offset, page.limit));
  }
}
