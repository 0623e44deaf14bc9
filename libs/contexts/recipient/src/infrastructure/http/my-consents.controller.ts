import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentRecipient, isInt32, IysValidationPipe, RecipientScoped, ReplicaRead } from '@iys/platform/nest';
import { AddAddressCommand } from '../../application/commands/add-address/add-address.command.js';
import { DecideConsentCommand } from '../../application/commands/decide-consent/decide-consent.command.js';
import { RejectConsentsCommand, type RejectionScope } from '../../application/commands/reject-consents/reject-consents.command.js';
import { RequestCodeCommand } from '../../application/commands/request-code/request-code.command.js';
import { RequestErasureCommand } from '../../application/commands/request-erasure/request-erasure.command.js';
import type { ErasureAccepted } from '../../application/commands/request-erasure/request-erasure.handler.js';
import type { IssuedChallenge } from '../../application/identity/sign-in-codes.js';
import type { DataExport } from '../../application/queries/export-my-data/export-my-data.handler.js';
import { ExportMyDataQuery } from '../../application/queries/export-my-data/export-my-data.query.js';
import type { ConsentHistory } from '../../application/queries/get-consent-history/get-consent-history.handler.js';
import { GetConsentHistoryQuery } from '../../application/queries/get-consent-history/get-consent-history.query.js';
import type { MyAddress } from '../../application/queries/list-my-addresses/list-my-addresses.handler.js';
import { ListMyAddressesQuery } from '../../application/queries/list-my-addresses/list-my-addresses.query.js';
import type { MyConsent } from '../../application/queries/list-my-consents/list-my-consents.handler.js';
import { ListMyConsentsQuery } from '../../application/queries/list-my-consents/list-my-consents.query.js';
import type { DecisionResult } from '../../application/recipient-consents.js';
import { CONSENT_TYPE_VALUES, parseConsentReference, type ConsentReference } from '../../domain/consent-reference.js';
import { recipientError } from '../../domain/recipient.errors.js';
import { BulkRejectionDto, ConsentFilterQuery, ConsentDecisionDto, ExportQuery, RedeemCodeDto, RequestCodeDto } from './dto/recipient.request.dto.js';

import { AddressAddedDto, BulkRejectionResultDto, ConsentHistoryDto, DecisionResultDto, ErasureAcceptedDto, IssuedChallengeDto, MyAddressesDto, MyConsentsDto, MyDataExportDto } from './dto/recipient.response.dto.js';

const RECIPIENT_SCREEN = 'A decision made in this session (same sign-in) is always shown; one made a moment ago elsewhere (an SMS RET, the provider) may take up to the replica lag to appear. Which addresses the account holds is always read on the primary.';

/**
 * The recipient's one screen (README: "sees all consents in their name … approves or rejects each"):
 * every route reaches only the consents of the addresses the token's account has proven. A
 * call-centre agent's session uses the same routes; its decisions are recorded as IYS_CM with the agent.
 */
@ApiTags('recipients')
@RecipientScoped()
@Controller('recipients/me')
export class MyConsentsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('addresses')
  @ApiOperation({ summary: 'The addresses this account has proven' })
  @ApiOkResponse({ type: MyAddressesDto })
  addresses(@CurrentRecipient() recipient: RecipientPrincipal): Promise<{ addresses: MyAddress[] }> {
    return this.queries.execute(new ListMyAddressesQuery(recipient));
  }

  @Post('addresses/codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a code to one more address, to add it to this account' })
  @ApiOkResponse({ type: IssuedChallengeDto })
  @ApiIysCodes('H660', 'H661', 'H662')
  requestAddressCode(@CurrentRecipient() recipient: RecipientPrincipal, @Body(new IysValidationPipe(RequestCodeDto)) body: RequestCodeDto): Promise<IssuedChallenge> {
    return this.commands.execute(new RequestCodeCommand(body.recipient, 'add-address', `account:${recipient.accountId}`));
  }

  @Post('addresses')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add the address the code proves (it leaves any other account that held it)' })
  @ApiOkResponse({ type: AddressAddedDto })
  @ApiIysCodes('H663', 'H664', 'H672')
  addAddress(@CurrentRecipient() recipient: RecipientPrincipal, @Body(new IysValidationPipe(RedeemCodeDto)) body: RedeemCodeDto): Promise<{ addressKind: string }> {
    return this.commands.execute(new AddAddressCommand(recipient, body.challengeId, body.code));
  }

  @Get('consents')
  @ReplicaRead(RECIPIENT_SCREEN)
  @ApiOperation({ summary: 'Every consent of my addresses across all providers and brands; filter by status, type, brandCode' })
  @ApiOkResponse({ type: MyConsentsDto })
  @ApiIysCodes('H673', 'H675', 'H676')
  consents(@CurrentRecipient() recipient: RecipientPrincipal, @Query(new IysValidationPipe(ConsentFilterQuery)) filter: ConsentFilterQuery): Promise<{ consents: MyConsent[] }> {
    return this.queries.execute(new ListMyConsentsQuery(recipient, { status: filter.status, type: filter.type, brandCode: filter.brandCode }));
  }

  @Get('consents/:consentId/history')
  @ReplicaRead(RECIPIENT_SCREEN)
  @ApiOperation({ summary: 'One consent, event by event (who acted, through which channel and source)' })
  @ApiOkResponse({ type: ConsentHistoryDto })
  @ApiIysCodes('H665')
  history(@CurrentRecipient() recipient: RecipientPrincipal, @Param('consentId') consentId: string): Promise<ConsentHistory> {
    return this.queries.execute(new GetConsentHistoryQuery(recipient, consentReference(consentId)));
  }

  @Put('consents/:consentId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (ONAY) or reject (RET) one consent; the provider sees it in its change feed with source=IYS' })
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiIysCodes('H174', 'H641', 'H665')
  decide(
    @CurrentRecipient() recipient: RecipientPrincipal,
    @Param('consentId') consentId: string,
    @Body(new IysValidationPipe(ConsentDecisionDto)) body: ConsentDecisionDto,
  ): Promise<DecisionResult> {
    return this.commands.execute(new DecideConsentCommand(recipient, consentReference(consentId), body.status, body.source));
  }

  @Post('brands/:brandCode/rejection')
  @HttpCode(200)
  @ApiOperation({ summary: "Reject every approved consent of one brand on all my addresses" })
  @ApiOkResponse({ type: BulkRejectionResultDto })
  @ApiIysCodes('H676')
  rejectBrand(
    @CurrentRecipient() recipient: RecipientPrincipal,
    @Param('brandCode') brandCode: string,
    @Body(new IysValidationPipe(BulkRejectionDto)) body: BulkRejectionDto,
  ): Promise<{ rejected: DecisionResult[]; matched: number }> {
    if (!/^[1-9]\d{0,9}$/.test(brandCode) || !isInt32(Number(brandCode))) throw recipientError('H676', ['brandCode']);
    return this.reject(recipient, { kind: 'brand', brandCode: Number(brandCode) }, body);
  }

  @Post('channels/:type/rejection')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject all commercial messages of one channel (ARAMA, MESAJ or EPOSTA) from every provider' })
  @ApiOkResponse({ type: BulkRejectionResultDto })
  @ApiIysCodes('H675')
  rejectChannel(
    @CurrentRecipient() recipient: RecipientPrincipal,
    @Param('type') type: string,
    @Body(new IysValidationPipe(BulkRejectionDto)) body: BulkRejectionDto,
  ): Promise<{ rejected: DecisionResult[]; matched: number }> {
    const channel = CONSENT_TYPE_VALUES.find((value) => value === type);
    if (!channel) throw recipientError('H675', ['type']);
    return this.reject(recipient, { kind: 'channel', type: channel }, body);
  }

  @Get('export')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Download everything the registry holds about my addresses (format=json or csv)' })
  @ApiExtraModels(MyDataExportDto)
  @ApiOkResponse({ content: { 'application/json': { schema: { $ref: getSchemaPath(MyDataExportDto) } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiIysCodes('H677')
  async export(
    @CurrentRecipient() recipient: RecipientPrincipal,
    @Query(new IysValidationPipe(ExportQuery)) query: ExportQuery,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<unknown> {
    const data: DataExport = await this.queries.execute(new ExportMyDataQuery(recipient, query.format ?? 'json'));
    if (data.format === 'json') return data.body;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="iys-verilerim.csv"');
    return data.body;
  }

  @Post('erasure-request')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for erasure: recorded now, carried out by crypto-shredding once the retention period allows' })
  @ApiResponse({ status: 202, type: ErasureAcceptedDto })
  @ApiIysCodes('H671', 'H672')
  requestErasure(@CurrentRecipient() recipient: RecipientPrincipal): Promise<ErasureAccepted> {
    return this.commands.execute(new RequestErasureCommand(recipient));
  }

  private reject(recipient: RecipientPrincipal, scope: RejectionScope, body: BulkRejectionDto) {
    return this.commands.execute(new RejectConsentsCommand(recipient, scope, body.source));
  }
}

/** A malformed reference is simply not one of the caller's consents (H665), like someone else's. */
function consentReference(raw: string): ConsentReference {
  const reference = parseConsentReference(raw);
  if (!reference) throw recipientError('H665', ['consentId']);
  return reference;
}
