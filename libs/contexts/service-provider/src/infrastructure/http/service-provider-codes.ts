import { registerIysCodes } from '@iys/platform/nest';
import { SERVICE_PROVIDER_ERRORS, type ServiceProviderErrorCode } from '../../domain/service-provider.errors.js';

const STATUS_OF_SERVICE_PROVIDER_CODE: Record<ServiceProviderErrorCode, number> = {
  H610: 422, H611: 422, H612: 422, H613: 422, H614: 422, H617: 422, H618: 422, H620: 422,
  H615: 409, H616: 404, H619: 422, H630: 404, H631: 422, H632: 404, H681: 422, H682: 409, H683: 404, H731: 422, H732: 404, H733: 409,
};

/** The HTTP status of every code this context raises (docs/error-codes.md); H628 is a shared code. */
export function registerServiceProviderCodes(): void {
  registerIysCodes({
    ...Object.fromEntries(Object.entries(SERVICE_PROVIDER_ERRORS).map(([code, message]) => [code, { status: STATUS_OF_SERVICE_PROVIDER_CODE[code as ServiceProviderErrorCode], message }])),
    H634: { status: 429, message: 'Bu bağlantıdan saatte kabul edilen başvuru sayısına ulaşıldı. Lütfen daha sonra tekrar deneyiniz.' },
  });
}
