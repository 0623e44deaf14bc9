import { registerIysCodes } from '@iys/platform/nest';
import { ACCESS_ERRORS } from '../../domain/api-access.deciders.js';
import { SECOND_FACTOR_ERRORS } from '../../domain/second-factor.deciders.js';

const STATUS_OF_ACCESS_CODE: Record<keyof typeof ACCESS_ERRORS, number> = {
  H250: 400, H251: 401, H621: 409, H622: 422, H623: 422, H624: 422, H625: 400, H626: 400, H627: 400, H629: 422, H633: 404, H730: 422, H718: 422, H850: 403,
};

/** The HTTP status of every code this context raises (docs/error-codes.md); H363 and H628 are shared codes. */
export function registerIdentityAccessCodes(): void {
  registerIysCodes({
    ...Object.fromEntries(Object.entries(ACCESS_ERRORS).map(([code, message]) => [code, { status: STATUS_OF_ACCESS_CODE[code as keyof typeof ACCESS_ERRORS], message }])),
    ...SECOND_FACTOR_ERRORS,
    H646: { status: 422, message: 'İzin verilen IP adresleri (allowedIps) geçerli bir IP adresi veya CIDR bloğu olmalıdır.' },
    // İYS's own code and status for an integrator acting for a provider that did not authorise it.
    H245: { status: 400, message: 'Verilen iysCode entegratör grubuna ait değildir!' },
    H084: { status: 429, message: 'Saatte kabul edilen kimlik doğrulama istek limitine ulaşıldı.' },
  });
}
