import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Inject, Param, Put, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, ProviderScoped, ReplicaRead } from '@iys/platform/nest';
import { CaptureAgreementCommand } from '../../application/commands/capture-agreement/capture-agreement.command.js';
import type { AgreementCaptured } from '../../application/commands/capture-agreement/capture-agreement.handler.js';
import type { AgreementInfo } from '../../application/queries/get-agreement/get-agreement.handler.js';
import { GetAgreementQuery } from '../../application/queries/get-agreement/get-agreement.query.js';
import type { ChangeStats } from '../../application/queries/get-change-stats/get-change-stats.handler.js';
import { GetChangeStatsQuery } from '../../application/queries/get-change-stats/get-change-stats.query.js';
import type { MovementFile } from '../../application/queries/get-movement-file/get-movement-file.handler.js';
import { GetMovementFileQuery } from '../../application/queries/get-movement-file/get-movement-file.query.js';
import { CaptureAgreementDto } from './dto/agreement.request.dto.js';
import { AgreementCapturedDto, AgreementInfoDto, ChangeStatsDto } from './dto/reconciliation.response.dto.js';

/** What resolving the brand and the report day may answer (report-scope.ts, report-day.ts). */
const REPORT_CODES = ['H192', 'H195', 'H501', 'H502'];

const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const FINISHED_DAY = 'Only finished days are served, whose movements no longer change: a replica answers exactly as the primary would.';

/** The İYS reconciliation API (Mutabakat Yönetimi, M1–M4), paths and answers exactly as the real registry. */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller()
export class ReconciliationController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get('sps/:iysCode/brands/:brandCode/changes/:reportDate/recipients/:recipientType')
  @ProviderScoped('iysCode')
  @ReplicaRead(FINISHED_DAY)
  @ApiOperation({ summary: "A day's consent movements counted by type and party (İYS M1)" })
  @ApiOkResponse({ type: ChangeStatsDto })
  @ApiIysCodes(...REPORT_CODES, 'H503')
  changeStats(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('reportDate') reportDate: string,
    @Param('recipientType') recipientType: string,
  ): Promise<ChangeStats> {
    return this.queries.execute(new GetChangeStatsQuery(iysCode, brandCode, reportDate, recipientType));
  }

  @Get('sps/:iysCode/brands/:brandCode/changes/:reportDate/file')
  @ProviderScoped('iysCode')
  @ApiProduces('text/csv')
  @ReplicaRead(FINISHED_DAY)
  @ApiOperation({ summary: "A day's movement file, CSV in commit order, for the last IYS_MOVEMENT_FILE_WINDOW_DAYS days (7 by default; İYS M4)" })
  @ApiOkResponse({ description: 'CSV, streamed', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  @ApiIysCodes(...REPORT_CODES, 'H650')
  async movementFile(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('reportDate') reportDate: string,
  ): Promise<StreamableFile> {
    const file: MovementFile = await this.queries.execute(new GetMovementFileQuery(iysCode, brandCode, reportDate));
    // A byte stream pulled page by page as the client reads: memory stays flat for any size of day.
    return new StreamableFile(Readable.from(file.chunks, { objectMode: false }), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Get('sps/:iysCode/brands/:brandCode/agreements/:reportDate')
  @ProviderScoped('iysCode')
  @ReplicaRead(`${FINISHED_DAY} An agreement this token just captured (M3) is always shown.`)
  @ApiOperation({ summary: "The registry's SHA-256 of a day's movement file and the agreement status (İYS M2)" })
  @ApiOkResponse({ type: AgreementInfoDto })
  @ApiIysCodes(...REPORT_CODES)
  agreement(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('reportDate') reportDate: string,
  ): Promise<AgreementInfo> {
    return this.queries.execute(new GetAgreementQuery(iysCode, brandCode, reportDate));
  }

  @Put('sps/:iysCode/brands/:brandCode/agreements/:reportDate')
  @HttpCode(200)
  @ProviderScoped('iysCode')
  @ApiOperation({ summary: 'Record that the day is reconciled, once (İYS M3)' })
  @ApiOkResponse({ type: AgreementCapturedDto })
  @ApiIysCodes(...REPORT_CODES)
  captureAgreement(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('reportDate') reportDate: string,
    @Body(new IysValidationPipe(CaptureAgreementDto)) _body: CaptureAgreementDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgreementCaptured> {
    return this.commands.execute(new CaptureAgreementCommand(iysCode, brandCode, reportDate, principal));
  }
}
