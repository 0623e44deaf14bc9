import { IysHttpException, PLATFORM_ERROR_CODES, type IysErrorItem } from '../iys-error.js';

/** One row of the İYS code table: the HTTP status the code is returned with and its Turkish text. */
export interface IysCodeEntry {
  status: number;
  /** May hold `{{name}}` placeholders, filled from the `params` of {@link iysErrorItem}. */
  message: string;
}

const CODE_PATTERN = /^H\d{3}$/;

/**
 * Codes the validation layer raises itself. Contexts register the codes of their own fields
 * (H110–H117, H119–H122, H158, H170, …) with {@link registerIysCodes}.
 */
export const VALIDATION_ERROR_CODES = {
  H118: {
    status: 422,
    message: '{{field}} kabul edilemedi. İstek gövdesinde bulunabilecek değerler: {{fields}} olmalıdır.',
  },
  H182: { status: 422, message: 'offset değeri geçerli olmalıdır.' },
  H183: { status: 422, message: 'limit değeri geçerli olmalıdır.' },
  H186: { status: 422, message: 'Sayfalama (pagination) değeri en fazla 100 olabilir.' },
  H187: { status: 422, message: 'Limit değerleri sıfır olmamalıdır.' },
  H190: { status: 422, message: 'iysCode integer bir değer olmalıdır.' },
  H191: { status: 422, message: 'brandCode integer bir değer olmalıdır.' },
} as const satisfies Record<string, IysCodeEntry>;

/**
 * Codes that several bounded contexts raise with one meaning, defined here once so that no context
 * keeps its own copy of the text (each context registers only the codes it alone raises).
 */
export const SHARED_ERROR_CODES = {
  // Raised by consent (C1, C3, C8, the operator gate), dealer and reconciliation (M1–M4).
  H195: { status: 403, message: 'Marka bilgisi için sunucuda arama yapılamadı.' },
  // İYS lists H363 with 400; a refusal of a scope is a 403 everywhere else in this API (perimeter, gate, retailer reads).
  H363: { status: 403, message: 'Bu servisi kullanabilmek için yetkiniz bulunmamaktadır.' },
  // recipientType outside BIREYSEL/TACIR: consent and reconciliation.
  H503: { status: 422, message: '{{value}} kabul edilemedi. İstek gövdesinde bulunabilecek değerler: BIREYSEL, TACIR' },
  // A required administrative field missing or invalid: service-provider and identity-access requests.
  H628: { status: 422, message: 'Zorunlu alan eksik veya geçersiz.' },
} as const satisfies Record<string, IysCodeEntry>;

const registry = new Map<string, IysCodeEntry>();
for (const [code, entry] of Object.entries({ ...PLATFORM_ERROR_CODES, ...VALIDATION_ERROR_CODES, ...SHARED_ERROR_CODES })) {
  registry.set(code, { status: entry.status, message: entry.message });
}

/**
 * Adds codes to the process-wide table. Registering a code again with the same status and text is a
 * no-op (modules may be loaded twice in tests); with a different one it throws, so two contexts
 * cannot silently disagree about what a code means.
 */
export function registerIysCodes(entries: Record<string, IysCodeEntry>): void {
  for (const [code, entry] of Object.entries(entries)) {
    if (!CODE_PATTERN.test(code)) throw new Error(`İYS code "${code}" must look like H123`);
    if (!Number.isInteger(entry.status) || entry.status < 400 || entry.status > 599) {
      throw new Error(`İYS code ${code}: status ${entry.status} is not an HTTP error status`);
    }
    const existing = registry.get(code);
    if (existing && (existing.status !== entry.status || existing.message !== entry.message)) {
      throw new Error(`İYS code ${code} is already registered with a different status or message`);
    }
    registry.set(code, { status: entry.status, message: entry.message });
  }
}

export function isIysCodeRegistered(code: string): boolean {
  return registry.has(code);
}

/** The table row of a code; throws for an unregistered code (a programming error, surfaced as H015). */
export function iysCodeEntry(code: string): IysCodeEntry {
  const entry = registry.get(code);
  if (!entry) throw new Error(`İYS code ${code} is not registered; call registerIysCodes() first`);
  return entry;
}

export interface IysErrorItemOptions {
  location?: (string | number)[];
  /** Only pass values known not to be personal data. */
  value?: unknown;
  params?: Record<string, string | number>;
}

/** Builds one envelope item with the registered text of `code`, placeholders filled from `params`. */
export function iysErrorItem(code: string, options: IysErrorItemOptions = {}): IysErrorItem {
  const { message } = iysCodeEntry(code);
  const params = options.params ?? {};
  const item: IysErrorItem = {
    code,
    message: message.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)),
  };
  if (options.location) item.location = options.location;
  if ('value' in options && options.value !== undefined) item.value = options.value;
  return item;
}

/**
 * The HTTP status of a list of problems: the most frequent status among their codes, ties going to the
 * one that appears first. So a request whose problems are all 422 answers 422.
 */
export function iysErrorsStatus(items: readonly IysErrorItem[]): number {
  const counts = new Map<number, number>();
  for (const item of items) {
    const status = iysCodeEntry(item.code).status;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  let best = 400;
  let bestCount = 0;
  for (const [status, count] of counts) {
    if (count > bestCount) {
      best = status;
      bestCount = count;
    }
  }
  return best;
}

/** One exception carrying every problem, with the status of {@link iysErrorsStatus}. */
export function iysValidationException(items: IysErrorItem[]): IysHttpException {
  if (items.length === 0) throw new Error('iysValidationException needs at least one error');
  return new IysHttpException(iysErrorsStatus(items), items);
}
