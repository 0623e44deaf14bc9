import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import { parseIysDate, type Principal } from '@iys/platform/building-blocks';
import { AllowRoles, CurrentPrincipal, IntegerParamPipe, IysHttpException, iysErrorItem, PG_POOL, ProviderScoped } from '@iys/platform/nest';
import type { CheckedDelivery } from '../../application/gate/delivery-checker.js';
import { parseCheckRequest } from '../../application/gate/gate-input.js';
import { GateRecords, type GateCounter } from '../../application/gate/gate-records.js';
import { OperatorScope } from '../../application/gate/operator-scope.js';
import { CheckDeliveriesQuery } from '../../application/queries/check-deliveries/check-deliveries.query.js';

export const OPERATOR_CODE = new IntegerParamPipe('H190', { min: 1, max: 2_147_483_647, location: ['operatorCode'] });
const IYS_CODE = new IntegerParamPipe('H190');
const BRAND_CODE = new IntegerParamPipe('H191');
const refused = () => new IysHttpException(403, [iysErrorItem('H363')]);

export interface CheckAnswer {
  decision: CheckedDelivery['decision'];
  reason: CheckedDelivery['reason'];
  recipientType: CheckedDelivery['recipientType'];
  brandCode: number | null;
}

function dayOf(raw: string): string {
  const day = parseIysDate(raw);
  if (!day) throw new IysHttpException(422, [iysErrorItem('H740', { location: ['day'] })]);
  return day;
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
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post('operators/:operatorCode/checks')
  @HttpCode(200)
  @AllowRoles('operator', 'admin')
  @ApiOperation({ summary: 'Check up to 1000 messages before delivery: ALLOW or DENY with a reason, in order' })
  async check(@Param('operatorCode', OPERATOR_CODE) operatorCode: number, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<{ items: CheckAnswer[] }> {
    if (!(await this.scope.allows(principal, operatorCode))) throw refused();
    const parsed = parseCheckRequest(body);
    if ('problems' in parsed) throw new IysHttpException(422, parsed.problems.map(({ code, location }) => iysErrorItem(code, { location })));
    const results: CheckedDelivery[] = await this.queries.execute(new CheckDeliveriesQuery(operatorCode, parsed.checks));
    return { items: results.map(({ decision, reason, recipientType, brandCode }) => ({ decision, reason, recipientType, brandCode })) };
  }

  @Get('operators/:operatorCode/gate-stats/:day')
  @AllowRoles('operator', 'admin', 'authority')
  @ApiOperation({ summary: "An operator's answers of one day, per brand, decision and reason" })
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
  async brandStats(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('brandCode', BRAND_CODE) brandCode: number,
    @Param('day') day: string,
  ): Promise<{ day: string; counters: GateCounter[] }> {
    const theDay = dayOf(day);
    const { rowCount } = await this.pool.query('SELECT 1 FROM consent.brands WHERE brand_code = $1 AND iys_code = $2', [brandCode, iysCode]);
    if (rowCount === 0) throw new IysHttpException(403, [iysErrorItem('H195', { location: ['brandCode'] })]);
    return { day: theDay, counters: await this.records.counters(theDay, { brandCode }) };
  }
}
