import { DomainError } from '@iys/platform/building-blocks';

/**
 * The recipient context's codes (docs/error-codes.md, H660–H689). İYS publishes no codes for its
 * citizen channels, so these are ours, in the registry's envelope and language. No message ever
 * quotes an address or a code.
 */
export const RECIPIENT_ERRORS = {
  H660: { status: 422, message: 'Alıcı (recipient) geçerli bir telefon numarası (+90…) veya e-posta adresi olmalıdır.' },
  H661: { status: 429, message: 'Bu adres için çok fazla doğrulama kodu istendi. Lütfen daha sonra tekrar deneyiniz.' },
  H662: { status: 429, message: 'Bu bağlantıdan çok fazla doğrulama kodu istendi. Lütfen daha sonra tekrar deneyiniz.' },
  H663: { status: 422, message: 'Doğrulama kodu hatalı, kullanılmış veya süresi dolmuş.' },
  H664: { status: 422, message: 'Doğrulama kodu (code) 6 haneli olmalıdır ve istek numarası (challengeId) geçerli olmalıdır.' },
  H665: { status: 404, message: 'İzin bulunamadı.' },
  H666: { status: 410, message: 'Bağlantının süresi dolmuş. İzninizi İYS üzerinden reddedebilirsiniz.' },
  H667: { status: 409, message: 'Bu bağlantı daha önce kullanıldı.' },
  H668: { status: 400, message: 'Bağlantı geçersiz.' },
  H669: { status: 401, message: 'İstek imzası doğrulanamadı.' },
  H670: { status: 409, message: 'Bu mesaj daha önce işlendi.' },
  H671: { status: 422, message: 'Hesapta doğrulanmış adres bulunmuyor.' },
  H672: { status: 409, message: 'Silme talebi daha önce alındı.' },
  H673: { status: 422, message: 'Durum (status) ONAY veya RET olmalıdır.' },
  H674: { status: 422, message: 'Kaynak (source) IYS_WEB veya IYS_MOBIL olmalıdır.' },
  H675: { status: 422, message: 'İzin tipi (type) ARAMA, MESAJ veya EPOSTA olmalıdır.' },
  H676: { status: 422, message: 'Marka kodu (brandCode) pozitif bir tam sayı olmalıdır.' },
  H677: { status: 422, message: 'Dışa aktarma biçimi (format) json veya csv olmalıdır.' },
  H678: { status: 400, message: 'İstek gövdesi geçerli bir JSON nesnesi olmalıdır.' },
} as const;

export type RecipientErrorCode = keyof typeof RECIPIENT_ERRORS;

export function recipientError(code: RecipientErrorCode, location: (string | number)[] = []): DomainError {
  return new DomainError(code, RECIPIENT_ERRORS[code].message, location);
}
