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

/** The İYS code and text of a refused form action. */
export interface Refusal {
  code: string;
  message: string;
}

/**
 * The İYS code and text of a refusal a form should show beside its fields (a rule of a use case,
 * bad input, a limit); undefined for anything else, which the caller rethrows (it becomes an
 * error page). Controllers use it through `orRefusal`.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof IysHttpException && error.status < 500 && error.errors[0]) return { code: error.errors[0].code, message: error.errors[0].message };
  return undefined;
}

/**
 * Runs a form's action; a refusal (refusalOf) is answered by `refused`, which draws it beside the
 * form, anything else propagates and becomes the error page (ADR 0061). The one way a web controller
 * turns a use case's refusal into a page:
 * `return orRefusal(async () => { …; return redirectTo(…); }, (refusal) => formPage(view, `${refusal.code}: ${refusal.message}`));`
 */
export async function orRefusal<T, R>(run: () => Promise<T>, refused: (refusal: Refusal) => R | Promise<R>): Promise<T | R> {
  try {
    return await run();
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return refused(refusal);
  }
}
