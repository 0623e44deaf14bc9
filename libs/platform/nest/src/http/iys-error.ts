/** One item of the İYS error envelope `{"errors":[…]}`. */
export interface IysErrorItem {
  code: string;
  message: string;
  location?: (string | number)[];
  value?: unknown;
}

interface CodeEntry {
  status: number;
  message: string;
}

/**
 * Codes this layer raises itself. İYS's own codes keep their published status and Turkish text;
 * H6xx are ours where the sources are silent (docs/error-codes.md).
 */
export const PLATFORM_ERROR_CODES = {
  H014: { status: 400, message: 'Gönderilen istek JSON formatına uygun olmalıdır.' },
  H015: { status: 500, message: 'Beklenmedik bir hata oluştu.' },
  H124: { status: 429, message: 'Saniyede kabul edilen istek limitine ulaşıldı. Lütfen daha sonra tekrar deneyiniz.' },
  H351: { status: 401, message: 'Eksik veya geçersiz jeton!' },
  H600: { status: 404, message: 'İstenen kaynak bulunamadı.' },
  H601: { status: 415, message: "İstek gövdesi 'application/json' içerik tipinde gönderilmelidir." },
  H602: { status: 413, message: 'İstek gövdesi izin verilen boyutu aşıyor.' },
  H603: { status: 400, message: 'İstek geçerli olmalıdır.' },
  H604: { status: 405, message: 'Bu yol için HTTP yöntemi desteklenmiyor.' },
  H605: { status: 401, message: 'Ölçüm (metrics) jetonu eksik veya geçersiz.' },
  H636: { status: 408, message: 'İstek zamanında tamamlanmadı.' },
  H637: { status: 414, message: 'İstek adresi (URL) izin verilen uzunluğu aşıyor.' },
  H638: { status: 431, message: 'İstek başlıkları izin verilen boyutu aşıyor.' },
  H644: { status: 415, message: 'İstek gövdesinin kodlaması (content-encoding) desteklenmiyor.' },
  H645: { status: 429, message: 'Bu adresten açılabilecek eş zamanlı bağlantı sayısına ulaşıldı. Lütfen daha sonra tekrar deneyiniz.' },
  H652: { status: 503, message: 'Hizmet geçici olarak kullanılamıyor. Lütfen daha sonra tekrar deneyiniz.' },
} as const satisfies Record<string, CodeEntry>;

export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_CODES;

/** The envelope of one platform code as JSON text, for answers written below the framework. */
export function platformEnvelope(code: PlatformErrorCode): string {
  return JSON.stringify({ errors: [{ code, message: PLATFORM_ERROR_CODES[code].message }] });
}

/** Thrown by controllers and pipes; the filter renders it as the İYS envelope with its status. */
export class IysHttpException extends Error {
  constructor(
    readonly status: number,
    readonly errors: IysErrorItem[],
  ) {
    super(errors.map((e) => e.code).join(','));
    this.name = 'IysHttpException';
  }

  static of(code: PlatformErrorCode, extra: Omit<IysErrorItem, 'code' | 'message'> = {}): IysHttpException {
    const entry = PLATFORM_ERROR_CODES[code];
    return new IysHttpException(entry.status, [{ code, message: entry.message, ...extra }]);
  }
}
