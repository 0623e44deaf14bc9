import { streamId } from '@iys/platform/event-store';

/** Stream ids of this context: opaque ids only (docs/adr/0006). */
export const serviceProviderStream = (applicationId: string) => streamId('serviceProvider', applicationId);
export const senderExemptionStream = (exemptionId: string) => streamId('senderExemption', exemptionId);
