import { streamId } from '@iys/platform/event-store';

/**
 * Stream ids of this context: opaque ids only (docs/adr/0006). The categories are the ones these
 * streams were first written under, when accounts lived in the service-provider context (ADR 0045).
 */
export const apiUserStream = (userId: string) => streamId('apiUser', userId);
export const sessionStream = (sessionId: string) => streamId('apiSession', sessionId);
export const loginAuditStream = (userId: string, day: string) => streamId('loginAudit', userId, day.replace(/-/g, ''));
export const totpStream = (userId: string) => streamId('apiUserTotp', userId);
export const totpPolicyStream = (iysCode: number) => streamId('providerTotpPolicy', String(iysCode));
