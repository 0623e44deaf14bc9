import { registerIysCodes } from '@iys/platform/nest';
import { ACCESS_ERRORS } from '../../domain/api-access.deciders.js';
import { SERVICE_PROVIDER_ERRORS, type ServiceProviderErrorCode } from '../../domain/service-provider.errors.js';

const STATUS_OF_SERVICE_PROVIDER_CODE: Record<ServiceProviderErrorCode, number> = {
  H610: 422, H611: 422, H612: 422, H613: 422, H614: 422, H617: 422, H618: 422, H620: 422,
  H615: 409, H616: 404, H619: 422, H630: 404, H631: 422, H632: 404, H681: 422, H682: 409, H683: 404,
};

const STATUS_OF_ACCESS_CODE: Record<keyof typeof ACCESS_ERRORS, number> = {
  H250: 400, H251: 401, H621: 409, H622: 422, H623: 422, H624: 422, H625: 400, H626: 400, H627: 400, H629: 422, H633: 404,
};

/** The HTTP status of every code this context raises (docs/error-codes.md). */
export function registerServiceProviderCodes(): void {
  registerIysCodes({
    ...Object.fromEntries(Object.entries(SERVICE_PROVIDER_ERRORS).map(([code, message]) => [code, { status: STATUS_OF_SERVICE_PROVIDER_CODE[code as ServiceProviderErrorCode], message }])),
    ...Object.fromEntries(Object.entries(ACCESS_ERRORS).map(([code, message]) => [code, { status: STATUS_OF_ACCESS_CODE[code as keyof typeof ACCESS_ERRORS], message }])),
    // İYS lists H363 with 400; a refusal of a scope is a 403 everywhere else in this API.
    H363: { status: 403, message: 'Bu servisi kullanabilmek için yetkiniz bulunmamaktadır.' },
    H628: { status: 422, message: 'Zorunlu alan eksik veya geçersiz.' },
    // İYS's own code and status for an integrator acting for a provider that did not authorise it.
    H245: { status: 400, message: 'Verilen iysCode entegratör grubuna ait değildir!' },
    H084: { status: 429, message: 'Saatte kabul edilen kimlik doğrulama istek limitine ulaşıldı.' },
    H634: { status: 429, message: 'Bu bağlantıdan saatte kabul edilen başvuru sayısına ulaşıldı. Lütfen daha sonra tekrar deneyiniz.' },
  });
}
