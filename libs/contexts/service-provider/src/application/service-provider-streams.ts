import { streamId } from '@iys/platform/event-store';

/** Stream ids of this context: opaque ids only (docs/adr/0006). */
export const serviceProviderStream = (applicationId: string) => streamId('serviceProvider', applicationId);
export const apiUserStream = (userId: string) => streamId('apiUser', userId);
export const sessionStream = (sessionId: string) => streamId('apiSession', sessionId);
export const loginAuditStream = (userId: string, day: string) => streamId('loginAudit', userId, day.replace(/-/g, ''));
export const senderExemptionStream = (exemptionId: string) => streamId('senderExemption', exemptionId);
