import { DomainError } from '@iys/platform/building-blocks';

/**
 * Rules of the service-provider context. İYS publishes no codes for registration (it happens on
 * paper and e-Devlet), so these are ours, in the H6xx range (docs/error-codes.md).
 */
export const SERVICE_PROVIDER_ERRORS = {
  H610: 'MERSİS numarası 16 haneli bir sayı olmalıdır.',
  H611: 'Vergi numarası 10 haneli bir sayı olmalıdır.',
  H612: 'T.C. kimlik numarası geçerli olmalıdır.',
  H613: 'Yetkili e-posta adresi kurumsal bir alan adına ait olmalıdır; ücretsiz e-posta servisleri kabul edilmez.',
  H614: 'En az bir marka verilmeli ve marka adları tekrarlanmamalıdır.',
  H615: 'Başvuru bu işlem için uygun durumda değildir.',
  H616: 'Başvuru bulunamadı.',
  H617: 'Yetkili cep telefonu, bir GSM operatörüne tahsisli Türkiye cep telefonu numarası olmalıdır (+905XXXXXXXXX, ör. +905321234567).',
  H618: 'Unvan boş olmamalı ve 255 karakteri geçmemelidir.',
  H619: 'Marka bulunamadı veya zaten pasif.',
  H620: 'Aktivasyon tarihi geçerli olmalıdır.',
  H630: 'Entegratör bulunamadı.',
  H631: 'Entegratöre verilecek markalar hizmet sağlayıcının etkin markaları olmalı ve en az bir izin tipi seçilmelidir.',
  H632: 'Entegratörün bu hizmet sağlayıcı için yetkisi bulunmamaktadır.',
  H681: 'Gönderici kimliği bu kanal için geçerli değildir: SMS başlığı 3–11 karakter, arama numarası +90 ile başlayan 10 haneli numara veya 444 numarası, e-posta için alan adı olmalıdır.',
  H682: 'Bu gönderici kimliği başka bir markaya kayıtlıdır.',
  H683: 'Bu gönderici kimliği markaya kayıtlı değildir.',
  H731: 'Muafiyet kaydı geçerli olmalıdır: kurum adı, MERSİS veya vergi numarası, en az bir gönderici kimliği, geçerlilik tarihleri ve hukuki dayanak.',
  H732: 'Muafiyet kaydı bulunamadı.',
  H733: 'Muafiyet kaydı zaten sona ermiş.',
} as const;

export type ServiceProviderErrorCode = keyof typeof SERVICE_PROVIDER_ERRORS;

export function serviceProviderError(code: ServiceProviderErrorCode, location: (string | number)[] = []): DomainError {
  return new DomainError(code, SERVICE_PROVIDER_ERRORS[code], location);
}
