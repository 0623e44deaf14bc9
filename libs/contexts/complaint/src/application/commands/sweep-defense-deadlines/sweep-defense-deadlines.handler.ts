import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEFENSE_REMINDER_MS } from '../../../domain/complaint.decider.js';
import { ComplaintAccess } from '../../complaint-access.js';
import { COMPLAINT_SELECTIONS, type ComplaintSelections } from '../../complaint-selections.port.js';
import { SweepDefenseDeadlinesCommand, type DefenseSweep } from './sweep-defense-deadlines.command.js';

/** Rows taken per run; the next run takes the rest. */
export const SWEEP_BATCH = 500;

/**
 * Every open defense request due within DEFENSE_REMINDER_MS (index `complaints_defense_due`): past its
 * deadline it is marked overdue, otherwise its provider is reminded once. The decider decides both on
 * the stream, so a run racing an answer, another run or a replay changes nothing twice.
 */
@CommandHandler(SweepDefenseDeadlinesCommand)
export class SweepDefenseDeadlinesHandler implements ICommandHandler<SweepDefenseDeadlinesCommand, DefenseSweep> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(COMPLAINT_SELECTIONS) private readonly selections: ComplaintSelections,
  ) {}

  async execute(): Promise<DefenseSweep> {
    const now = this.access.now();
    const rows = await this.selections.dueDefenses(now, new Date(Date.parse(now) + DEFENSE_REMINDER_MS).toISOString(), SWEEP_BATCH);
    const run: DefenseSweep = { reminded: 0, overdue: 0 };
    for (const row of rows) {
      const after = await this.access.write(row.complaintId, { type: row.late ? 'MarkDefenseOverdue' : 'RemindDefense', now }, { actorKind: 'system', channel: 'scheduler' });
      if (row.late && after.overdue) run.overdue++;
      if (!row.late && after.reminded) run.reminded++;
    }
    return run;
  }
}
