import { createHash } from 'node:crypto';
import type { ServiceProviderContracts } from '@iys/contracts';
import type { Principal } from '@iys/platform/building-blocks';
import { streamId, type EventMetadata } from '@iys/platform/event-store';
import { normaliseSenderId } from '../domain/sender-identity.js';
import { serviceProviderError } from '../domain/service-provider.errors.js';

type SenderChannel = ServiceProviderContracts.SenderChannel;

export interface RegisteredSender {
  channel: SenderChannel;
  senderId: string;
}

/** What the sender use cases read: brands of this context and the identities they registered. */
export interface SenderDirectory {
  isActiveBrand(iysCode: number, brandCode: number): Promise<boolean>;
  listOf(iysCode: number, brandCode: number): Promise<RegisteredSender[]>;
}
export const SENDER_DIRECTORY = Symbol('SENDER_DIRECTORY');

/** The normalised identity, or 422 H681. */
export function senderIdOrRefuse(channel: SenderChannel, raw: string): string {
  const senderId = normaliseSenderId(channel, raw);
  if (senderId === undefined) throw serviceProviderError('H681', ['senderId']);
  return senderId;
}

/**
 * `senderIdentity-<digest>`: one stream per identity makes it unique registry-wide by optimistic
 * concurrency. A digest, because a calling number may be a person's line and ids carry no such data.
 */
export function senderIdentityStream(channel: SenderChannel, senderId: string): string {
  return streamId('senderIdentity', createHash('sha256').update(`${channel}:${senderId}`).digest('hex'));
}

export function senderMetadata(principal: Principal): EventMetadata {
  const actorKind = principal.role === 'integrator' ? 'integrator' : principal.role === 'admin' ? 'admin' : 'service-provider';
  return { actorKind, actorId: principal.userId, channel: 'api' };
}
