/**
 * Every code the reconciliation context raises, with its HTTP status and Turkish message.
 *
 * İYS codes: status and text as in shared/domain/iys-api.md §3.12 and §6. H195 and H503, which other
 * contexts raise too, are defined once in the platform's SHARED_ERROR_CODES.
 * Our own codes (H6xx, docs/error-codes.md) each carry a comment saying why they exist.
 */
export const RECONCILIATION_ERRORS = {
  /** İYS (§6): a GET that needs more time than the registry gives it; the client retries. */
  H192: { status: 503, message: 'İstek zaman aşımına uğradı.' },
  /** İYS truncates the text ("Tarih formatı y…"); the completion is ours. */
  H501: { status: 422, message: 'Tarih formatı yyyy-mm-dd olmalıdır.' },
  H502: { status: 422, message: 'reportDate alanı dün veya daha eski bir tarih olmalıdır.' },
  H512: { status: 422, message: 'false kabul edilemedi. İstek gövdesinde bulunabilecek değerler: true' },
  /**
   * Ours. İYS refuses a movement file older than 7 days ("yedi günden daha eski bir gün için yapılan
   * indirme işlemi talepleri kabul edilmez", §3.12 M4) but publishes no code for it (Part A item 2).
   * 422 like the other reportDate rules (H501, H502). `{{days}}` is the configured window
   * (IYS_MOVEMENT_FILE_WINDOW_DAYS, 7 by default, so the default text reads "son 7 gün").
   */
  H650: { status: 422, message: 'Hareket dosyası yalnızca son {{days}} gün için alınabilir.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ReconciliationErrorCode = keyof typeof RECONCILIATION_ERRORS;
