import { registerIysCodes } from '@iys/platform/nest';

/**
 * The outbox's own codes (H690–H694 are the outbox's range; docs/error-codes.md). Registered when the
 * module loads. The dead-letter list's `limit` uses the validation layer's paging codes (H183,
 * H186, H187).
 */
export const OUTBOX_ERROR_CODES = {
  H690: { status: 404, message: 'Gönderilemeyen ileti bulunamadı.' },
  H691: { status: 422, message: 'after değeri bir iletinin kimliği (id) olmalıdır.' },
} as const;

export function registerOutboxCodes(): void {
  registerIysCodes(OUTBOX_ERROR_CODES);
}
