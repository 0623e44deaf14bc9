import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, type Principal } from '@iys/platform/building-blocks';
import { ApiIysErrorMap, CurrentPrincipal, IntegerParamPipe, IysHttpException, iysErrorItem, IysValidationPipe, PreparsedBodyPipe, ProviderScoped, ReplicaRead, scanJsonBodiesOf } from '@iys/platform/nest';
import { AddConsentCommand } from '../../application/commands/add-consent/add-consent.command.js';
import type { AddConsentResult } from '../../application/commands/add-consent/add-consent.handler.js';
import { MAX_BATCH_SIZE, type BatchAccepted } from '../../application/commands/submit-consent-batch/submit-consent-batch.handler.js';
import { SubmitConsentBatchCommand } from '../../application/commands/submit-consent-batch/submit-consent-batch.command.js';
import type { BatchItemResult } from '../../application/queries/get-batch-result/get-batch-result.handler.js';
import { GetBatchResultQuery } from '../../application/queries/get-batch-result/get-batch-result.query.js';
import type { ConsentStatusResult } from '../../application/queries/get-consent-status/get-consent-status.handler.js';
import { GetConsentStatusQuery } from '../../application/queries/get-consent-status/get-consent-status.query.js';
import { GetMultiStatusQuery } from '../../application/queries/get-multi-status/get-multi-status.query.js';
import type { ConsentChange } from '../../application/queries/pull-consent-changes/pull-consent-changes.handler.js';
import { PullConsentChangesQuery } from '../../application/queries/pull-consent-changes/pull-consent-changes.query.js';
import { CONSENT_TYPES, RECIPIENT_TYPES, type ConsentType, type RecipientType } from '../../domain/consent.events.js';
import { AddConsentDto, ConsentStatusQueryDto, MultiStatusQueryDto } from './dto/consent.request.dto.js';
import { scanMultiStatusBody } from './multi-status-body.scanner.js';
import { BatchAcceptedDto, BatchItemResultDto, ConsentAddedDto, ConsentChangesDto, ConsentStatusDto, MultiStatusDto } from './dto/consent.response.dto.js';

const PATH_CODES = ['H190', 'H191'];
const ITEM_SHAPE = ['H110', 'H111', 'H114', 'H115', 'H116', 'H117', 'H118', 'H119', 'H120', 'H121', 'H122', 'H126', 'H157', 'H158', 'H170'];
const RULES = ['H112', 'H113', 'H155', 'H156', 'H162', 'H640'];

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
/** C5's route as Fastify spells it; its common body shape is read by its scanner (docs/adr/0066). */
export const MULTI_STATUS_ROUTE = '/sps/:iysCode/brands/:brandCode/consents/:recipientType/status/:type';
scanJsonBodiesOf(MULTI_STATUS_ROUTE, scanMultiStatusBody);
export const MULTI_STATUS_BODY = new PreparsedBodyPipe(new IysValidationPipe(MultiStatusQueryDto));
const BATCH = IysValidationPipe.arrayOf(AddConsentDto, { maxItems: { count: MAX_BATCH_SIZE, code: 'H125' } });

/** The İYS consent API (C1–C6), v1 paths and their /v2 aliases, exactly as the real registry. */
@ApiTags('consents')
@ApiBearerAuth()
@Controller()
export class ConsentController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post(['sps/:iysCode/brands/:brandCode/consents', 'v2/sps/:iysCode/brands/:brandCode/consents'])
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Add one consent (İYS C1)' })
  @ApiOkResponse({ type: ConsentAddedDto })
  @ApiIysErrorMap({ 400: ['H245', 'H085', 'H174', 'H175', 'H178', 'H603'], 403: ['H195', 'H363'], 422: [...PATH_CODES, ...ITEM_SHAPE, ...RULES] })
  add(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(AddConsentDto)) body: AddConsentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AddConsentResult> {
    return this.commands.execute(new AddConsentCommand(iysCode, brandCode, body, principal));
  }

  @Post('sps/:iysCode/brands/:brandCode/consents/status')
  @HttpCode(200)
  @ProviderScoped('iysCode', { readers: ['authority', 'admin', 'operator'], read: true })
  @ReplicaRead('A consent this token just added or changed (C1) is always seen.')
  @ApiOperation({ summary: 'Status of one consent (İYS C2)' })
  @ApiOkResponse({ type: ConsentStatusDto })
  @ApiIysErrorMap({ 400: ['H097', 'H245'], 403: ['H195', 'H363'], 404: ['H641'], 422: [...PATH_CODES, 'H111', 'H114', 'H116', 'H117', 'H118', 'H120', 'H121', 'H122', 'H170'] })
  status(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(new IysValidationPipe(ConsentStatusQueryDto)) body: ConsentStatusQueryDto,
  ): Promise<ConsentStatusResult> {
    return this.queries.execute(new GetConsentStatusQuery(iysCode, brandCode, body.recipient, body.recipientType, body.type));
  }

  @Post('sps/:iysCode/brands/:brandCode/consents/request')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Add up to 1000 consents asynchronously (İYS C3)' })
  @ApiBody({ type: [AddConsentDto] })
  @ApiOkResponse({ type: BatchAcceptedDto })
  @ApiIysErrorMap({ 400: ['H245', 'H085', 'H092', 'H603'], 403: ['H195', 'H363'], 422: [...PATH_CODES, ...ITEM_SHAPE, 'H125', 'H194'] })
  batch(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Body(BATCH) body: AddConsentDto[],
    @CurrentPrincipal() principal: Principal,
  ): Promise<BatchAccepted> {
    return this.commands.execute(new SubmitConsentBatchCommand(iysCode, brandCode, body, principal));
  }

  @Get('sps/:iysCode/brands/:brandCode/consents/request/:requestId')
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Result of a batch, item by item (İYS C4)' })
  @ApiOkResponse({ type: [BatchItemResultDto] })
  @ApiIysErrorMap({ 400: ['H245'], 403: ['H195', 'H363'], 422: [...PATH_CODES, 'H093', 'H198', 'H199', 'H400'] })
  batchResult(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('requestId') requestId: string,
  ): Promise<BatchItemResult[]> {
    return this.queries.execute(new GetBatchResultQuery(iysCode, brandCode, requestId, false));
  }

  @Get('v2/sps/:iysCode/brands/:brandCode/consents/request/:requestId')
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Result of a batch; each item also carries the requestId (İYS C4, v2)' })
  @ApiOkResponse({ type: [BatchItemResultDto] })
  @ApiIysErrorMap({ 400: ['H245'], 403: ['H195', 'H363'], 422: [...PATH_CODES, 'H093', 'H198', 'H199', 'H400'] })
  batchResultV2(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('requestId') requestId: string,
  ): Promise<BatchItemResult[]> {
    return this.queries.execute(new GetBatchResultQuery(iysCode, brandCode, requestId, true));
  }

  @Post('sps/:iysCode/brands/:brandCode/consents/:recipientType/status/:type')
  @HttpCode(200)
  @ProviderScoped('iysCode', { readers: ['authority', 'admin', 'operator'], read: true })
  @ReplicaRead('Consents this token just added or changed (C1) are always counted; items of a C3 batch count once its result (C4) shows them.')
  @ApiOperation({ summary: 'Which of up to 1000 recipients hold an ONAY (İYS C5)' })
  @ApiOkResponse({ type: MultiStatusDto })
  @ApiIysErrorMap({ 400: ['H097', 'H245'], 403: ['H195', 'H363'], 422: [...PATH_CODES, 'H117', 'H118', 'H164', 'H168', 'H503', 'H642'] })
  multiStatus(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('recipientType') recipientType: string,
    @Param('type') type: string,
    @Body(MULTI_STATUS_BODY) body: MultiStatusQueryDto,
  ): Promise<{ requestId: string; list: string[] }> {
    const problems = [
      RECIPIENT_TYPES.includes(recipientType as RecipientType) ? undefined : iysErrorItem('H503', { params: { value: recipientType }, location: ['recipientType'] }),
      CONSENT_TYPES.includes(type as ConsentType) ? undefined : iysErrorItem('H117', { location: ['type'] }),
    ].filter((p) => p !== undefined);
    if (problems.length > 0) throw new IysHttpException(422, problems);
    return this.queries.execute(new GetMultiStatusQuery(iysCode, brandCode, recipientType as RecipientType, type as ConsentType, body.recipients));
  }

  @Get('sps/:iysCode/brands/:brandCode/consents/changes')
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Consent movements after a cursor, in commit order (İYS C6)' })
  @ApiOkResponse({ type: ConsentChangesDto })
  @ApiIysErrorMap({ 400: ['H098', 'H245'], 403: ['H195', 'H363'], 422: PATH_CODES })
  @ApiQuery({ name: 'source', required: false, enum: ['HS', 'IYS'], description: 'Whose changes: HS (default) or IYS' })
  @ApiQuery({ name: 'after', required: false, description: 'Opaque cursor from the previous page; absent = from the start of the 7-day window' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 1000', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } })
  changes(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    // Real clients call it bare: no source means the provider's own side (HS), first page.
    @Query('source') source = 'HS',
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ): Promise<{ after: string; list: ConsentChange[] }> {
    if (source !== 'HS' && source !== 'IYS') throw new DomainError('H098', iysErrorItem('H098').message, ['source']);
    const size = limit === undefined ? 1000 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw new DomainError('H098', iysErrorItem('H098').message, ['limit']);
    return this.queries.execute(new PullConsentChangesQuery(iysCode, brandCode, source, after, size));
  }
}
