import { Query } from '@nestjs/cqrs';
import type { ChangeStats } from './get-change-stats.handler.js';

/** M1: a brand's movements of one day, counted by type and by who made them (HS or IYS). */
export class GetChangeStatsQuery extends Query<ChangeStats> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
    readonly recipientType: string,
  ) {
    super();
  }
}
