import { DomainError } from '@iys/platform/building-blocks';

/**
 * The complaint context's codes (docs/error-codes.md, H760–H799). The real registry publishes no
 * complaint API, so these are ours, in its envelope and language. No message quotes personal data.
 */
export const COMPLAINT_ERRORS = {
  H760: { status: 400, message: 'Şikayet isteği geçerli bir JSON nesnesi olmalıdır.' },
  H761: { status: 422, message: 'Şikayet kanalı (channel) ARAMA, MESAJ veya EPOSTA olmalıdır.' },
  H762: { status: 422, message: 'Alıcı (recipient) hesabınızda doğrulanmış ve şikayet kanalına uygun bir adres olmalıdır.' },
  H763: { status: 422, message: 'Alıcı tipi (recipientType) BIREYSEL veya TACIR olmalıdır.' },
  H764: { status: 422, message: 'TACIR şikayetlerinde 16 haneli MERSİS numarası (mersis) zorunludur.' },
  H765: { status: 422, message: 'İleti tarihi (messageDate) YYYY-MM-DD HH:mm:ss biçiminde, gelecekte olmayan ve son bir yıl içinde bir zaman olmalıdır.' },
  H766: { status: 422, message: 'Gönderici (sender) bir SMS başlığı, telefon numarası veya e-posta adresi olmalıdır (en fazla 254 karakter).' },
  H767: { status: 422, message: 'İleti metni veya özeti (content) boş olmamalı ve 5000 karakteri geçmemelidir.' },
  H768: { status: 422, message: 'GSM operatörü (gsmOperator) telefon kanallarında zorunludur: TURKCELL, VODAFONE, TURK_TELEKOM veya OTHER.' },
  H769: { status: 422, message: 'İl kodu (province) 1 ile 81 arasında bir plaka kodu olmalıdır.' },
  H770: { status: 422, message: 'Şikayet konuları (subjects) boş olmamalı; NO_CONSENT, REJECTED_STILL_RECEIVING, NO_OPT_OUT, SENDER_NOT_IDENTIFIED, OTHER değerlerini alabilir.' },
  H771: { status: 422, message: 'Marka (brandCode) bu adres için kaydı bulunan markalardan biri olmalıdır; değilse markayı metin olarak (brandText) yazınız.' },
  H772: { status: 429, message: 'Bir günde verilebilecek şikayet sayısına ulaşıldı. Lütfen yarın tekrar deneyiniz.' },
  H773: { status: 409, message: 'Aynı gönderici, ileti zamanı ve adres için şikayet zaten kayıtlı.' },
  H774: { status: 404, message: 'Şikayet bulunamadı.' },
  H775: { status: 413, message: 'Ek dosya 5 MB sınırını aşıyor veya boş.' },
  H776: { status: 415, message: 'Ek dosya PNG, JPEG veya PDF olmalıdır (içeriğe göre denetlenir).' },
  H777: { status: 422, message: 'Bir şikayete en fazla 3 ek dosya eklenebilir.' },
  H778: { status: 409, message: 'Şikayetin durumu bu işleme izin vermiyor.' },
  H779: { status: 422, message: 'Savunma süresi (deadlineDays) 1 ile 90 gün arasında olmalıdır.' },
  H780: { status: 409, message: 'Şikayet için savunma istenmemiş veya gönderici henüz bir hizmet sağlayıcıya bağlanmamış.' },
  H781: { status: 422, message: 'Savunma süresi dolmuştur; geç savunma kabul edilmez.' },
  H782: { status: 422, message: 'Karar geçersiz: haklı bulunan şikayette idari para cezası (fineAmount) ve yasal dayanak (legalBasis), birleştirmede diğer şikayet (mergedInto) zorunludur.' },
  H783: { status: 403, message: 'Şikayetleri görebilmek için Bakanlık veya il yetkisi tanımlanmalıdır.' },
  H784: { status: 422, message: 'Yetki alanı (scope) MINISTRY veya PROVINCE olmalı; il yetkisinde il kodu (province) 1–81 olmalıdır.' },
  H785: { status: 422, message: 'T.C. kimlik numarası (nationalId) geçerli olmalıdır.' },
  H786: { status: 422, message: 'Sorgu parametresi geçersiz.' },
  H787: { status: 422, message: 'Metin alanı boş olmamalı ve 5000 karakteri geçmemelidir.' },
  H788: { status: 409, message: 'Şikayetin göndericisi zaten bir markaya bağlanmış.' },
  H789: { status: 422, message: 'Hizmet sağlayıcı veya marka bulunamadı.' },
  H790: { status: 422, message: 'İstatistik biçimi (format) json veya csv olmalıdır.' },
  H791: { status: 422, message: 'Bu işlem istek gövdesinde alan almaz; boş bir JSON nesnesi gönderiniz.' },
  H792: { status: 409, message: 'Saklanan kanıttaki bir kapsama ispatı imzalı köke ulaşmıyor: saklanan kanıt değişmiş.' },
  H793: { status: 409, message: 'Rıza kaydı ileti zamanı için artık farklı yanıtlanıyor (durum, olaylar, zincir özetleri veya zincir denetimi).' },
  H794: { status: 409, message: 'Günün imzalı mutabakat özeti bir ispat için artık farklı bir kök veya imza taşıyor.' },
  H795: { status: 409, message: 'Şikayette denetlenecek rıza kanıtı yok: gönderici henüz bir markaya bağlanmamış.' },
  H796: { status: 422, message: 'Müfettiş (inspectorId), yetki alanı şikayetin iline uzanan bir yetkili kullanıcı olmalıdır.' },
} as const;

export type ComplaintErrorCode = keyof typeof COMPLAINT_ERRORS;

export function complaintError(code: ComplaintErrorCode, location: (string | number)[] = []): DomainError {
  return new DomainError(code, COMPLAINT_ERRORS[code].message, location);
}
