import { registerIysCodes } from '@iys/platform/nest';
import { RECIPIENT_ERRORS } from '../domain/recipient.errors.js';

export function registerRecipientCodes(): void {
  registerIysCodes(RECIPIENT_ERRORS);
}
