import { DomainError } from '@iys/platform/building-blocks';

/**
 * Every code the consent context raises, with its HTTP status and Turkish message.
 *
 * İYS codes: status and text as in the İYS code table mirrored in shared/domain/iys-api.md §6 (and,
 * for the rows that table shortens with "…", the full text of the mirror it cites, Veyosis
 * README "HATA KODLARI", V→H). H462/H463 are not in §6's table; the mirror gives them 400.
 *
 * Messages may hold `{{name}}` placeholders; `consentError` fills them from its `params` and refuses
 * to produce a message with one left open.
 *
 * Our own codes (H6xx, docs/error-codes.md) each carry a comment saying why they exist.
 */
export const CONSENT_ERRORS = {
  // --- request shape (normally raised by the application layer's validation) ---
  H110: { status: 422, message: 'Durum (status) bulunamadı.' },
  H111: { status: 422, message: 'İzin tipi (type) bulunamadı.' },
  H112: { status: 422, message: 'İzin tarihi (consentDate) bulunamadı.' },
  H113: { status: 422, message: 'İzin kaynağı (source) bulunamadı.' },
  H114: { status: 422, message: 'Alıcı (recipient) bulunamadı.' },
  H115: { status: 422, message: 'Durum (status) için uygun değerler: ONAY, RET' },
  H116: { status: 422, message: 'Alıcı tipi (recipientType) için uygun değerler: BIREYSEL, TACIR' },
  H117: { status: 422, message: 'İzin tipi (type) için uygun değerler: ARAMA, MESAJ, EPOSTA' },
  H119: {
    status: 422,
    message:
      'İzin kaynağı (source) için uygun değerler: HS_FIZIKSEL_ORTAM, HS_ISLAK_IMZA, HS_WEB, HS_CAGRI_MERKEZI, ' +
      'HS_SOSYAL_MEDYA, HS_EPOSTA, HS_MESAJ, HS_MOBIL, HS_EORTAM, HS_ETKINLIK, HS_2015, HS_ATM, HS_KARAR',
  },
  H120: { status: 422, message: 'Alıcı (recipient) kabul edilemedi. Geçerli bir eposta adresi giriniz.' },
  H121: {
    status: 422,
    message:
      'Alıcı (recipient) için E164 uluslararası([+][country code][area code][local phone number]) formatına uygun ' +
      'bir telefon numarası girilmelidir. (örn. +905992000000)',
  },
  H122: {
    status: 422,
    message:
      'Alıcı (recipient) için E164 uluslararası ([+][country code][area code][local phone number]) formatına uygun ' +
      'bir telefon numarası (örn. +905992000000) ya da geçerli bir e-posta adresi girilmelidir.',
  },
  H170: { status: 422, message: 'Alıcı tipi (recipientType) bulunamadı.' },

  // --- consentDate ---
  H155: {
    status: 422,
    message: 'İzin kaynağı "1 Mayıs 2015 öncesi" olan izinler için, izin tarihi sadece 2015-05-01 00:00:00 olabilir.',
  },
  H156: { status: 422, message: "İzinler için 1 Mayıs 2015'den önceki tarihler kabul edilmemektedir." },
  H157: { status: 422, message: 'Geçerli bir tarih girilmelidir.' },
  H158: { status: 422, message: 'İzin tarihi yyyy-mm-dd hh:mm:ss formatında olmalıdır.' },
  H162: { status: 422, message: 'Mevcut tarih ve saatten ileri bir tarih ve saat girilmemelidir.' },
  /**
   * Ours. İYS enforces "after the activation date, a consent may be at most 3 business days behind
   * the current date and time" (iys-api.md §5.2) but publishes no code for it (§8 item 6), so the
   * project reserved one (Part A item 2). 422 like İYS's other consentDate rules (H155–H162).
   */
  H640: { status: 422, message: 'İzin tarihi (consentDate), işlem tarihinden en fazla 3 iş günü önce olabilir.' },

  // --- business rules against the stored consent ---
  H174: { status: 400, message: 'İzin durumu (status) güncellemesi için farklı bir durum girilmelidir. İzin durumu: {{status}}' },
  H175: { status: 400, message: 'İlk defa kaydedilen bir iznin durum (status) bilgisi RET olmamalıdır.' },
  H178: { status: 400, message: 'Sistemdeki iznin tarihinden önceki tarihli izinlerle güncelleme yapılamaz.' },
  H408: { status: 422, message: 'HS_KARAR kaynağından iletilen izinler için durum bilgisi RET olmalıdır.' },
  H462: { status: 400, message: 'TACIR izinleri güncellenirken izin tarihi (consentDate) verilmelidir' },
  H463: { status: 400, message: 'TACIR izinleri güncellenirken izin kaynağı (source) verilmelidir.' },

  // --- retailer access (RA1–RA5) ---
  H401: { status: 400, message: 'Bayi eklenmesi beklenen izin sistemde bulunmamaktadır.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ConsentErrorCode = keyof typeof CONSENT_ERRORS;

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The DomainError for `code`, its message's `{{name}}` placeholders filled from `params` (e.g.
 * `consentError('H174', ['status'], { status: 'ONAY' })`). A placeholder without a value is a bug in
 * the caller and throws, so a raw `{{…}}` never reaches a client.
 */
export function consentError(
  code: ConsentErrorCode,
  location: (string | number)[] = [],
  params: Readonly<Record<string, string | number>> = {},
): DomainError {
  const message = CONSENT_ERRORS[code].message.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`consentError(${code}): no value for ${placeholder}`);
    return String(value);
  });
  return new DomainError(code, message, location);
}
