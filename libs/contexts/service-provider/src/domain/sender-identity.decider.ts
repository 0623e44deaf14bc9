import type { Decider } from '@iys/platform/building-blocks';
import type { ServiceProviderContracts } from '@iys/contracts';
import { serviceProviderError } from './service-provider.errors.js';

type SenderChannel = ServiceProviderContracts.SenderChannel;

export type SenderIdentityEvent =
  | { type: typeof ServiceProviderContracts.SENDER_REGISTERED; data: ServiceProviderContracts.SenderRegistered }
  | { type: typeof ServiceProviderContracts.SENDER_REMOVED; data: ServiceProviderContracts.SenderRemoved };

export type SenderIdentityState = { held: false } | { held: true; iysCode: number; brandCode: number };

export type SenderIdentityCommand =
  | { type: 'RegisterSender'; iysCode: number; brandCode: number; channel: SenderChannel; senderId: string; brandActive: boolean }
  | { type: 'RemoveSender'; iysCode: number; brandCode: number; channel: SenderChannel; senderId: string };

/**
 * One sender identity (an SMS header, a calling number or an e-mail domain), stream
 * `senderIdentity-<digest>`: it belongs to at most one brand registry-wide, so a message carrying it
 * resolves to one provider. `senderId` arrives normalised (normaliseSenderId).
 */
export const senderIdentityDecider: Decider<SenderIdentityCommand, SenderIdentityEvent, SenderIdentityState> = {
  initialState: () => ({ held: false }),

  decide(command, state) {
    const { iysCode, brandCode, channel, senderId } = command;
    const heldByThisBrand = state.held && state.iysCode === iysCode && state.brandCode === brandCode;
    if (command.type === 'RegisterSender') {
      if (!command.brandActive) throw serviceProviderError('H619', ['brandCode']);
      if (heldByThisBrand) return [];
      if (state.held) throw serviceProviderError('H682', ['senderId']);
      return [{ type: 'service-provider.SenderRegistered', data: { iysCode, brandCode, channel, senderId } }];
    }
    if (!heldByThisBrand) throw serviceProviderError('H683', ['senderId']);
    return [{ type: 'service-provider.SenderRemoved', data: { iysCode, brandCode, channel, senderId } }];
  },

  evolve(_state, event) {
    return event.type === 'service-provider.SenderRegistered'
      ? { held: true, iysCode: event.data.iysCode, brandCode: event.data.brandCode }
      : { held: false };
  },
};
