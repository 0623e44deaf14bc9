import { registerIysCodes } from '@iys/platform/nest';
import { CONSENT_ERRORS } from '../domain/consent.errors.js';
import { UPLOAD_ERRORS } from '../domain/consent-upload.decider.js';

/** Codes of the consent context's use cases beyond the domain's own table (docs/error-codes.md). */
export const CONSENT_APPLICATION_CODES = {
  H085: { status: 400, message: 'İzin ekleme isteği geçerli olmalıdır.' },
  H092: { status: 400, message: 'Çoklu izin ekleme isteği geçerli olmalıdır.' },
  H093: { status: 422, message: '{{requestId}} bulunamadı.' },
  H097: { status: 400, message: 'İzin sorgulama isteği geçerli olmalıdır.' },
  H098: { status: 400, message: 'Günlük izin değişim sorgulama isteği geçerli olmalıdır.' },
  H125: { status: 422, message: 'Tek seferde eklenecek izin sayısı en fazla 1000 olmalıdır.' },
  H126: { status: 422, message: 'İzin erişimi olan bayilerin (retailer) liste uzunluğu en fazla 100 olmalıdır.' },
  H127: { status: 422, message: 'Alıcı listesi (recipients) uzunluğu en fazla 100 olmalıdır.' },
  H163: { status: 422, message: 'Bayiler (retailer) kabul edilemedi. Lütfen boş liste eklemeyiniz.' },
  H164: { status: 422, message: 'Alıcı listesi (recipients) kabul edilemedi. Liste boş olmamalıdır.' },
  H168: { status: 422, message: 'Alıcı listesi (recipients) bulunamadı.' },
  H169: { status: 422, message: 'İzin erişimi olan bayiler (retailerAccess) bulunamadı.' },
  H171: { status: 400, message: 'Bayi izin erişimi vermek için geçerli bir istek gönderilmelidir.' },
  H172: { status: 400, message: 'Bayi izin erişimini silmek için geçerli bir istek gönderilmelidir.' },
  H173: { status: 400, message: 'Bayi izin erişimi sorgulamak için geçerli bir istek gönderilmelidir.' },
  H180: { status: 403, message: 'İstek gövdesinde yer alan bayi İYS numarasıyla (retailerCode) herhangi bir bayi bulunamadı.' },
  H193: { status: 422, message: '{{field}} ({{value}}) değeri liste içinde tekrarlanamaz.' },
  H194: {
    status: 422,
    message: 'İzin listede daha önce tanımlandı. Liste içinde izinler alıcı tipi (recipientType), tip (type) ve alıcı (recipient) değerleri için tekrarlanamaz.',
  },
  H198: { status: 422, message: 'requestId 36 karakterden daha uzun olamaz.' },
  H199: { status: 422, message: 'requestId sadece harflerden meydana gelemez.' },
  H400: { status: 422, message: 'requestId sadece sayılardan meydana gelemez.' },
  /** İYS C8 (consent through the registry, iys-api.md §3.8): the mirror's texts, without the recipient's address (never echoed). */
  H452: { status: 422, message: 'İzin tipi (type) değeri [ARAMA, MESAJ] için beklenen izin kaynağı [IYS_CM, IYS_KISAMESAJ] olmalıdır.' },
  H453: { status: 422, message: "Alıcı (recipient) için gün içerisinde yapılan işlem sayısı 2'dir, daha fazla işlem yapılamamaktadır." },
  H454: { status: 422, message: 'İzin kaydetme isteği için verilen istek id (requestId) geçerli olmalıdır.' },
  H455: { status: 422, message: 'İzin kaydetme isteği için verilen doğrulama kodu (verificationCode) geçerli olmalıdır.' },
  H456: { status: 422, message: 'İzin kaydetme isteği için verilen istek id (requestId) ile ilgili işlem bulunamadı.' },
  H459: { status: 422, message: 'Alıcı (recipient) için beklenen izin tipi (type) değerleri [MESAJ, ARAMA] olmalıdır' },
  H460: { status: 422, message: 'Girilen veriler doğrulamadı.' },
  H464: { status: 422, message: 'İzin tipi (type) MESAJ için, alıcı (recipient) telefon formatında olmalıdır.' },
  H465: { status: 422, message: 'Alıcı (recipient) için 3 dk içinde yeni bir süreç başlatılamamaktadır' },
  /** Ours: a status query for a consent the registry does not hold (iys-api.md Part A 2). */
  H641: { status: 404, message: 'Sorgulanan izin bulunamadı.' },
  /** Ours: only an active retailer may be given access to a consent (RA1, RA2). */
  H717: { status: 422, message: 'İzin erişimi yalnızca aktif (active) bayilere verilebilir.' },
  /** Ours: C5 takes at most 1000 recipients per call (iys-api.md §3.6). */
  H642: { status: 422, message: 'Alıcı listesi (recipients) uzunluğu en fazla 1000 olmalıdır.' },
  /** Ours, the operator gate (docs/adr/0033, 0034). */
  H734: { status: 422, message: 'İleti kontrol isteği geçerli olmalıdır.' },
  H735: { status: 422, message: 'Tek seferde en fazla 1000 ileti kontrol edilebilir.' },
  H736: { status: 404, message: 'Tarama işi bulunamadı.' },
  H737: { status: 422, message: 'Tarama listesi geçerli olmalıdır: en az 1, en fazla 1 000 000 alıcı; gönderici ve tip belirtilmelidir.' },
  H738: { status: 409, message: 'Tarama işi henüz tamamlanmadı.' },
  H739: { status: 410, message: 'Tarama işinin sonucu saklama süresi dolduğu için silindi.' },
  H740: { status: 422, message: 'Gün (day) YYYY-MM-DD biçiminde olmalıdır.' },
} as const;

export function registerConsentCodes(): void {
  // H118's text is the validation layer's (it lists the fields of the DTO that was sent); H195 and H503 are shared codes.
  registerIysCodes({ ...CONSENT_ERRORS, ...CONSENT_APPLICATION_CODES, ...UPLOAD_ERRORS });
}
