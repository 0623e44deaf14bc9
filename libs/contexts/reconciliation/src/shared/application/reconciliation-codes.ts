import { registerIysCodes } from '@iys/platform/nest';
import { RECONCILIATION_ERRORS } from '../domain/reconciliation.errors.js';

/** Adds this context's codes to the process-wide İYS code table (docs/error-codes.md). */
export function registerReconciliationCodes(): void {
  registerIysCodes(RECONCILIATION_ERRORS);
}
