import { Query } from '@nestjs/cqrs';

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

/** İYS M1 response (iys-api.md B §3.12). */
export interface ChangeStats {
  changeStats: { type: string; consents: { source: 'HS' | 'IYS'; total: number; approval: number; rejection: number }[] }[];
}
