import { Inject, Injectable } from '@nestjs/common';
import { ConsentContracts } from '@iys/contracts';
import { DomainError, type Clock } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { CLOCK, iysCodeEntry, iysErrorItem, iysValidationException, type IysErrorItem } from '@iys/platform/nest';
import { checkReportDay, type ReportDayRule, type ReportScopeOf } from '../domain/report-day.js';
import { REPORT_READS, type ReportReads } from './report-reads.port.js';
import { reconciliationBrandsProjection } from './projections/reconciliation-brands.projection.js';
import { dailyMovementsProjection } from './projections/daily-movements.projection.js';

export type { ReportScopeOf };

/** How long a report waits for the movement projection before answering H192 (retry). */
const CATCH_UP_TIMEOUT_MS = 5_000;

/**
 * The checks every reconciliation call (M1–M4) makes before it reads: the request's shape (H501,
 * H503, reported together), the day window at the registry's clock (H502, H650), the brand's owner
 * (H195), and that the daily-movements projection has passed everything committed so far, so a
 * finished day is read whole and a rerun gives the same bytes (H192 if it lags too far behind).
 */
@Injectable()
export class ReportScope {
  constructor(
    @Inject(REPORT_READS) private readonly reads: ReportReads,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  async open(
    request: { iysCode: number; brandCode: number; reportDate: string; recipientType?: string },
    rule: ReportDayRule,
  ): Promise<ReportScopeOf> {
    const problems: IysErrorItem[] = [];
    const checked = checkReportDay(request.reportDate, this.clock.now(), rule);
    if (!checked.ok) {
      const params = rule.kind === 'recent-day' ? { days: rule.days } : undefined;
      problems.push(iysErrorItem(checked.code, { location: ['reportDate'], params }));
    }
    if (request.recipientType !== undefined && !(ConsentContracts.RECIPIENT_TYPES as readonly string[]).includes(request.recipientType)) {
      problems.push(iysErrorItem('H503', { params: { value: request.recipientType }, location: ['recipientType'] }));
    }
    if (problems.length > 0 || !checked.ok) throw iysValidationException(problems);
    await this.assertBrandOf(request.iysCode, request.brandCode);
    await this.awaitMovements();
    return { iysCode: request.iysCode, brandCode: request.brandCode, day: checked.day };
  }

  private async assertBrandOf(iysCode: number, brandCode: number): Promise<void> {
    // reconciliation.brands is async (service-provider's events): a brand not found yet is looked up again once caught up.
    const known = await this.runner.readCaughtUp(
      reconciliationBrandsProjection,
      async () => ((await this.reads.brandOf(iysCode, brandCode)) ? true : undefined),
      { timeoutMs: CATCH_UP_TIMEOUT_MS },
    );
    if (!known) throw new DomainError('H195', iysCodeEntry('H195').message, ['brandCode']);
  }

  private async awaitMovements(): Promise<void> {
    try {
      await this.runner.waitUntilCaughtUp(dailyMovementsProjection, { timeoutMs: CATCH_UP_TIMEOUT_MS });
    } catch {
      throw new DomainError('H192', iysCodeEntry('H192').message);
    }
  }
}
