import { DomainError } from '@iys/platform/building-blocks';

/** Codes of the dealer context (docs/error-codes.md): İYS's where it has one, H700–H729 for ours. */
export const DEALER_ERRORS = {
  H090: { status: 400, message: 'Bayi ekleme isteği geçerli olmalıdır.' },
  H700: { status: 422, message: 'Bayi unvanı (title) boş olmamalı ve 255 karakteri geçmemelidir.' },
  H701: { status: 422, message: 'MERSİS numarası (mersis) 16 haneli bir sayı olmalıdır.' },
  H702: { status: 422, message: 'Bayi adı (alias) boş olmamalı ve 255 karakteri geçmemelidir.' },
  H703: { status: 422, message: 'Yetkili adı (name) yalnızca harflerden oluşmalı ve 255 karakteri geçmemelidir.' },
  H704: { status: 422, message: 'T.C. kimlik numarası (tckn) geçerli olmalıdır.' },
  H705: { status: 422, message: 'Yetkili cep telefonu (mobile) +905XXXXXXXXX biçiminde olmalıdır.' },
  H706: { status: 422, message: 'İl (city) kodu İl/İlçe bilgilerinde bulunmalıdır.' },
  H707: { status: 422, message: 'İlçe (town) kodu, ilin (city) ilçelerinden biri olmalıdır.' },
  H708: { status: 422, message: 'Bayi durumu (status) için uygun değerler: active, passive, pending' },
  H709: { status: 409, message: 'Aynı TCKN ve aynı MERSİS no kullanılarak birden fazla bayi eklenemez.' },
  H710: { status: 422, message: 'Bir markanın en fazla 3000 bayisi olabilir.' },
  H711: { status: 404, message: 'Bayi bulunamadı.' },
  H712: {
    status: 422,
    message: 'Geçmişte izin ilişkilendirmesi yapılmış bayi, sonradan tüm izin ilişkilendirmeleri kaldırılmış olsa dahi silinemez.',
  },
  H713: { status: 422, message: 'Bayi kodu (retailerCode) pozitif bir tam sayı olmalıdır.' },
  H714: { status: 404, message: 'İl (city) bulunamadı.' },
  H715: { status: 404, message: 'İlçe (town) bulunamadı.' },
} as const;

export type DealerErrorCode = keyof typeof DEALER_ERRORS;

export const dealerError = (code: DealerErrorCode, location: (string | number)[] = []) => new DomainError(code, DEALER_ERRORS[code].message, location);
