import { Readable } from 'node:stream';
import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import { parseIysDate, type Principal } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysCodes, ApiIysErrors, CurrentPrincipal, IntegerParamPipe, IysHttpException, iysErrorItem, PG_POOL, PreparsedBody, ProviderScoped, ReplicaRead, scanJsonBodiesOf } from '@iys/platform/nest';
import type { CheckedDelivery } from '../../application/gate/delivery-checker.js';
import { batchOf, CATEGORIES, isCategory, isConsentType, parseCheckRequest, parseSender, type CheckBatch } from '../../application/gate/gate-input.js';
import { scanCheckBody } from './gate-check-body.scanner.js';
import { CONSENT_TYPES } from '../../domain/consent.events.js';
import { SubmitScrubJobCommand } from '../../application/commands/submit-scrub-job/submit-scrub-job.command.js';
import type { ScrubJobProgress } from '../../application/queries/get-scrub-job/get-scrub-job.handler.js';
import { GetScrubJobQuery } from '../../application/queries/get-scrub-job/get-scrub-job.query.js';
import { GetScrubJobResultQuery } from '../../application/queries/get-scrub-job-result/get-scrub-job-result.query.js';
import { parseScrubList, type ScrubFormat } from '../../application/scrub/scrub-input.js';
import { GetBrandGateStatsQuery } from '../../application/queries/get-brand-gate-stats/get-brand-gate-stats.query.js';
import { GateRecords, type GateCounter } from '../../application/gate/gate-records.js';
import { OperatorScope } from '../../application/gate/operator-scope.js';
import { CheckDeliveriesQuery } from '../../application/queries/check-deliveries/check-deliveries.query.js';
import { serialiseAnswers } from './gate-answers.serialiser.js';
import { GateCheckAnswerDto, GateCheckRequestDto, GateStatsDto, ScrubJobAcceptedDto, ScrubJobProgressDto } from './dto/operator-gate.dto.js';

export const OPERATOR_CODE = new IntegerParamPipe('H190', { min: 1, max: 2_147_483_647, location: ['operatorCode'] });
const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const refused = () => new IysHttpException(403, [iysErrorItem('H363')]);

export type { CheckAnswer } from './gate-answers.serialiser.js';

function dayOf(raw: string): string {
  const day = parseIysDate(raw);
  if (!day) throw new IysHttpException(422, [iysErrorItem('H740', { location: ['day'] })]);
  return day;
}

/** The route of the bulk check, as Fastify spells it. */
export const CHECKS_ROUTE = '/operators/:operatorCode/checks';
// Its bodies read straight into columns when they have the common shape (docs/adr/0066).
scanJsonBodiesOf(CHECKS_ROUTE, scanCheckBody);

/**
 * A check body's columns: as the route's scanner read them, or through the generic path (the JSON
 * value, checked by parseCheckRequest), which answers every refusal.
 */
export function checkBatchOf(body: unknown): CheckBatch {
  if (body instanceof PreparsedBody) return body.value as CheckBatch;
  const parsed = parseCheckRequest(body);
  if ('problems' in parsed) throw new IysHttpException(422, parsed.problems.map(({ code, location }) => iysErrorItem(code, { location })));
  return batchOf(parsed.checks);
}

/** The operator gate (docs/adr/0033): gateways check every commercial message before delivery. */
@ApiTags('operator-gate')
@ApiBearerAuth()
@Controller()
export class OperatorGateController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(OperatorScope) private readonly scope: OperatorScope,
    @Inject(GateRecords) private readonly records: GateRecords,
  ) {}

  @Post('operators/:operatorCode/checks')
  @HttpCode(200)
  // The answer is serialised here (a prebuilt template per decision and reason): sent as it is.
  @Header('Content-Type', 'application/json; charset=utf-8')
  @AllowRoles('operator', 'admin')
  @ReplicaRead('A rejection (RET) a brand or recipient recorded reaches the gate within the replica lag: milliseconds when healthy, never more than IYS_REPLICA_MAX_LAG_MS. The day\'s counters and DENY log are written on the primary.')
  @ApiOperation({ summary: 'Check up to 1000 messages before delivery: ALLOW or DENY with a reason, in order' })
  @ApiBody({ type: GateCheckRequestDto })
  @ApiOkResponse({ type: GateCheckAnswerDto })
  @ApiIysErrors(422, 'H190', 'H734', 'H735')
  async check(@Param('operatorCode', OPERATOR_CODE) operatorCode: number, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<string> {
    if (!(await this.scope.allows(principal, operatorCode))) throw refused();
    const results: CheckedDelivery[] = await this.queries.execute(new CheckDeliveriesQuery(operatorCode, checkBatchOf(body)));
    return serialiseAnswers(results);
  }

  @Get('operators/:operatorCode/gate-stats/:day')
  @AllowRoles('operator', 'admin', 'authority')
  @ApiOperation({ summary: "An operator's answers of one day, per brand, decision and reason" })
  @ApiOkResponse({ type: GateStatsDto })
  @ApiIysErrors(422, 'H190', 'H740')
  async operatorStats(
    @Param('operatorCode', OPERATOR_CODE) operatorCode: number,
    @Param('day') day: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ day: string; counters: GateCounter[] }> {
    if (principal.role !== 'authority' && !(await this.scope.allows(principal, operatorCode))) throw refused();
    const theDay = dayOf(day);
    return { day: theDay, counters: await this.records.counters(theDay, { operatorCode }) };
  }

  @Get('sps/:iysCode/brands/:brandCode/gate-stats/:day')
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: "How many of a brand's messages the gateways allowed and blocked on a day, and why" })
  @ApiOkResponse({ type: GateStatsDto })
  @ApiIysErrors(422, 'H740')
  @ApiIysErrors(403, 'H195')
  brandStats(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('day') day: string,
  ): Promise<{ day: string; counters: GateCounter[] }> {
    return this.queries.execute(new GetBrandGateStatsQuery(iysCode, brandCode, day));
  }

}

const JOB_ID = new ParseUUIDPipe({ exceptionFactory: () => new IysHttpException(404, [iysErrorItem('H736', { location: ['jobId'] })]) });
const SCRUB_FORMATS: Record<string, ScrubFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl' };

/**
 * Bulk scrubs of campaign lists (docs/adr/0034): the list is the body (CSV or JSON lines, up to
 * 1 000 000 recipients), sender, type and category are query parameters; the result streams back.
 */
@ApiTags('operator-gate')
@ApiBearerAuth()
@AllowRoles('operator', 'admin')
@Controller('operators/:operatorCode/scrub-jobs')
export class ScrubJobsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(OperatorScope) private readonly scope: OperatorScope,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a list (text/csv or application/x-ndjson) to scrub: ?type=&category=&senderId= or &iysCode=&brandCode=' })
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/jsonl')
  @ApiBody({ schema: { type: 'string', example: '+905321234567\n+905321234568\n' }, description: 'One recipient a line (CSV) or a JSON string a line' })
  @ApiQuery({ name: 'type', enum: CONSENT_TYPES })
  @ApiQuery({ name: 'category', required: false, enum: CATEGORIES })
  @ApiQuery({ name: 'senderId', required: false })
  @ApiQuery({ name: 'iysCode', required: false, schema: { type: 'integer' } })
  @ApiQuery({ name: 'brandCode', required: false, schema: { type: 'integer' } })
  @ApiResponse({ status: 202, type: ScrubJobAcceptedDto })
  @ApiIysErrors(422, 'H190', 'H737')
  async submit(
    @Param('operatorCode', OPERATOR_CODE) operatorCode: number,
    @Query() query: Record<string, string>,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ jobId: string; total: number }> {
    if (!(await this.scope.allows(principal, operatorCode))) throw refused();
    const invalid = (location: string) => new IysHttpException(422, [iysErrorItem('H737', { location: [location] })]);
    const format = SCRUB_FORMATS[(contentType ?? '').split(';')[0]!.trim().toLowerCase()];
    if (!format || typeof body !== 'string') throw invalid('body');
    const sender = parseSender(query.senderId !== undefined ? { senderId: query.senderId } : { iysCode: Number(query.iysCode), brandCode: Number(query.brandCode) });
    if (!sender) throw invalid('sender');
    if (!isConsentType(query.type)) throw invalid('type');
    const category = query.category ?? 'TICARI';
    if (!isCategory(category)) throw invalid('category');
    const recipients = parseScrubList(body, format);
    if (!recipients) throw invalid('body');
    return this.commands.execute(new SubmitScrubJobCommand(operatorCode, sender, query.type, category, recipients));
  }

  @Get(':jobId')
  @ApiOperation({ summary: "A scrub job's progress" })
  @ApiOkResponse({ type: ScrubJobProgressDto })
  @ApiIysErrors(422, 'H190')
  @ApiIysCodes('H736', 'H739')
  async progress(@Param('operatorCode', OPERATOR_CODE) operatorCode: number, @Param('jobId', JOB_ID) jobId: string, @CurrentPrincipal() principal: Principal): Promise<ScrubJobProgress> {
    if (!(await this.scope.allows(principal, operatorCode))) throw refused();
    return this.queries.execute(new GetScrubJobQuery(operatorCode, jobId.toLowerCase()));
  }

  @Get(':jobId/result')
  @ApiOperation({ summary: 'The result, streamed as CSV: the allowed recipients (?format=allowed, default) or every line with its decision (?format=decisions)' })
  @ApiQuery({ name: 'format', required: false, enum: ['allowed', 'decisions'] })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, streamed', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  @ApiIysErrors(422, 'H190', 'H737')
  @ApiIysCodes('H736', 'H738', 'H739')
  async result(
    @Param('operatorCode', OPERATOR_CODE) operatorCode: number,
    @Param('jobId', JOB_ID) jobId: string,
    @Query('format') format: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<StreamableFile> {
    if (!(await this.scope.allows(principal, operatorCode))) throw refused();
    const chosen = format ?? 'allowed';
    if (chosen !== 'allowed' && chosen !== 'decisions') throw new IysHttpException(422, [iysErrorItem('H737', { location: ['format'] })]);
    const lines: AsyncIterable<string> = await this.queries.execute(new GetScrubJobResultQuery(operatorCode, jobId.toLowerCase(), chosen));
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="scrub-${jobId.toLowerCase()}-${chosen}.csv"`);
    return new StreamableFile(Readable.from(lines));
  }
}
