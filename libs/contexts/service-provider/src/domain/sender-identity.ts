import { ServiceProviderContracts } from '@iys/contracts';

type SenderChannel = ServiceProviderContracts.SenderChannel;

export const SENDER_CHANNELS: readonly SenderChannel[] = ['MESAJ', 'ARAMA', 'EPOSTA'];

/** The published spelling of sender identities (@iys/contracts), the one the gate and complaints use too. */
export const normaliseSenderId = ServiceProviderContracts.normaliseSenderId;
