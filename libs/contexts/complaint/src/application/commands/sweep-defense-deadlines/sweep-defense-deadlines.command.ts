import { Command } from '@nestjs/cqrs';

export interface DefenseSweep {
  /** Providers reminded that their defense is due within DEFENSE_REMINDER_MS. */
  reminded: number;
  /** Defense requests whose deadline passed without an answer. */
  overdue: number;
}

/** Reminds providers of defenses due soon and marks the ones past their deadline (the scheduled job's work). */
export class SweepDefenseDeadlinesCommand extends Command<DefenseSweep> {}
