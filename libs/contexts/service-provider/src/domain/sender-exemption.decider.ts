import { ServiceProviderContracts } from '@iys/contracts';
import type { Decider } from '@iys/platform/building-blocks';
import { serviceProviderError } from './service-provider.errors.js';

type Granted = ServiceProviderContracts.SenderExemptionGranted;
type Ended = ServiceProviderContracts.SenderExemptionEnded;

export type SenderExemptionEvent =
  | { type: typeof ServiceProviderContracts.SENDER_EXEMPTION_GRANTED; data: Granted & { grantedBy: string } }
  | { type: typeof ServiceProviderContracts.SENDER_EXEMPTION_ENDED; data: Ended & { endedBy: string } };

export type SenderExemptionCommand =
  | ({ type: 'GrantSenderExemption'; grantedBy: string } & Granted)
  | { type: 'EndSenderExemption'; endedAt: string; endedBy: string };

export type SenderExemptionState =
  | { status: 'none' }
  | { status: 'granted'; exemptionId: string; validFrom: string; validTo: string | null };

export const EXEMPTION_KINDS: readonly ServiceProviderContracts.ExemptionKind[] = ['NGO', 'ASSOCIATION', 'PUBLIC_BODY', 'OTHER'];
const REGISTRATION_NUMBER = { MERSIS: /^[0-9]{16}$/, VKN: /^[0-9]{10}$/ } as const;
const MAX_SENDERS = 100;
const MAX_TEXT = 500;

const invalid = (location: string) => serviceProviderError('H731', [location]);
const blank = (text: string) => typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_TEXT;

/**
 * An exempt sender (one stream per exemption): granted once with its identities and validity, ended
 * at most once. Ending is never retroactive beyond its start: an exemption ended before it began
 * simply never counted. `validTo` is exclusive; ending moves it earlier, never later.
 */
export const senderExemptionDecider: Decider<SenderExemptionCommand, SenderExemptionEvent, SenderExemptionState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'GrantSenderExemption': {
        if (state.status !== 'none') return []; // the same id granted twice is a retry
        if (blank(command.organisation)) throw invalid('organisation');
        if (!EXEMPTION_KINDS.includes(command.kind)) throw invalid('kind');
        if (!REGISTRATION_NUMBER[command.registrationNumber.scheme]?.test(command.registrationNumber.value)) throw invalid('registrationNumber');
        if (blank(command.legalBasis)) throw invalid('legalBasis');
        if (command.senders.length === 0 || command.senders.length > MAX_SENDERS) throw invalid('senders');
        const senders = command.senders.map(({ channel, senderId }, index) => {
          const normalised = ServiceProviderContracts.normaliseSenderId(channel, senderId);
          if (normalised === undefined) throw serviceProviderError('H731', ['senders', index]);
          return { channel, senderId: normalised };
        });
        const from = Date.parse(command.validFrom);
        const to = command.validTo === null ? null : Date.parse(command.validTo);
        if (Number.isNaN(from) || (to !== null && (Number.isNaN(to) || to <= from))) throw invalid('validTo');
        const { type: _type, ...rest } = command;
        return [
          {
            type: ServiceProviderContracts.SENDER_EXEMPTION_GRANTED,
            data: {
              ...rest,
              organisation: command.organisation.trim(),
              legalBasis: command.legalBasis.trim(),
              senders: uniqueSenders(senders),
              validFrom: new Date(from).toISOString(),
              validTo: to === null ? null : new Date(to).toISOString(),
            },
          },
        ];
      }
      case 'EndSenderExemption': {
        if (state.status === 'none') throw serviceProviderError('H732', ['exemptionId']);
        const endedAt = Date.parse(command.endedAt);
        if (Number.isNaN(endedAt)) throw invalid('endedAt');
        if (state.validTo !== null && Date.parse(state.validTo) <= endedAt) throw serviceProviderError('H733', ['exemptionId']);
        return [
          {
            type: ServiceProviderContracts.SENDER_EXEMPTION_ENDED,
            data: { exemptionId: state.exemptionId, endedAt: new Date(Math.max(endedAt, Date.parse(state.validFrom))).toISOString(), endedBy: command.endedBy },
          },
        ];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case ServiceProviderContracts.SENDER_EXEMPTION_GRANTED:
        return { status: 'granted', exemptionId: event.data.exemptionId, validFrom: event.data.validFrom, validTo: event.data.validTo };
      case ServiceProviderContracts.SENDER_EXEMPTION_ENDED:
        return state.status === 'none' ? state : { ...state, validTo: event.data.endedAt };
    }
  },
};

function uniqueSenders<T extends { channel: string; senderId: string }>(senders: T[]): T[] {
  return [...new Map(senders.map((s) => [`${s.channel}|${s.senderId}`, s])).values()];
}
