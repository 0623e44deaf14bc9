import type { Principal } from '@iys/platform/building-blocks';
import type { RegistrationContext } from './consent-registrar.js';

/** Who writes, as recorded in event metadata: the provider's own user or its integrator. */
export function providerContext(principal: Principal, iysCode: number, brandCode: number): RegistrationContext {
  return {
    iysCode,
    brandCode,
    origin: 'HS',
    actorKind: principal.role === 'integrator' ? 'integrator' : 'service-provider',
    actorId: principal.userId,
    channel: 'api',
  };
}
