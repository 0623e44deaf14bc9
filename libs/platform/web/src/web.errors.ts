import { DomainError } from '@iys/platform/building-blocks';
import { IysHttpException } from '@iys/platform/nest';

/** Codes of the web layer (H800–H819, docs/error-codes.md). */
export const WEB_ERROR_CODES = {
  H800: { status: 403, message: 'Form güvenlik anahtarı eksik veya geçersiz. Lütfen sayfayı yenileyip tekrar deneyiniz.' },
  H801: { status: 404, message: 'Aradığınız sayfa bulunamadı.' },
} as const;

export type WebErrorCode = keyof typeof WEB_ERROR_CODES;

export function webError(code: WebErrorCode): IysHttpException {
  const { status, message } = WEB_ERROR_CODES[code];
  return new IysHttpException(status, [{ code, message }]);
}

/**
 * The İYS code and text of a refusal a form should show beside its fields (a rule of a use case,
 * bad input, a limit); undefined for anything else, which the caller rethrows (it becomes an
 * error page). `catch (error) { const shown = refusalOf(error); if (!shown) throw error; … }`
 */
export function refusalOf(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof IysHttpException && error.status < 500 && error.errors[0]) return { code: error.errors[0].code, message: error.errors[0].message };
  return undefined;
}
