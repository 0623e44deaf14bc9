import type { CalendarDay } from '@iys/platform/building-blocks';
import { streamId } from '@iys/platform/event-store';
import { compactDay } from '../domain/report-day.js';

/** The agreement of one brand for one day: `reconciliation-<iysCode>.<brandCode>.<yyyymmdd>`. */
export const agreementStreamId = (iysCode: number, brandCode: number, day: CalendarDay) =>
  streamId('reconciliation', String(iysCode), brandCode, compactDay(day));
