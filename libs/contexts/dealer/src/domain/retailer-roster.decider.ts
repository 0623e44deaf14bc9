import { isValidTurkishNationalId, type Decider } from '@iys/platform/building-blocks';
import { DealerContracts } from '@iys/contracts';
import { places } from './info/places.js';
import { dealerError } from './retailer.errors.js';
import type { RetailerEvent, RetailerFacts, RetailerStatus } from './retailer.events.js';

/** İYS R1: at most 3000 retailers per brand (iys-api.md §3.10). */
export const MAX_RETAILERS_PER_BRAND = 3000;

/** The retailer's details in clear, as R1 sends them; checked here, sealed by the caller before any event. */
export interface RetailerDetails {
  title: string;
  mersis: string;
  alias: string;
  name: string;
  tckn: string;
  /** Normalised E.164, or '' when the caller's value was not a phone number. */
  mobile: string;
  /** Only the code counts: the registry stores its own name for it. */
  city: { code: string; name?: string };
  town: { code: string; name?: string };
  status?: string;
}

const LETTERS = /^[\p{L}][\p{L} .'-]*$/u;
const bounded = (value: string) => value.trim().length > 0 && value.length <= 255;

/**
 * Every rule R1's fields must meet, all problems at once (İYS reports validation together). Run on
 * the plaintext before sealing, so the authorised person's data never has to reach an error.
 */
export function checkRetailerDetails(details: RetailerDetails): void {
  const city = places.city(details.city.code);
  const town = places.town(details.town.code);
  const problems = [
    bounded(details.title) ? undefined : dealerError('H700', ['title']),
    /^[0-9]{16}$/.test(details.mersis) ? undefined : dealerError('H701', ['mersis']),
    bounded(details.alias) ? undefined : dealerError('H702', ['alias']),
    details.name.length <= 255 && LETTERS.test(details.name.trim()) ? undefined : dealerError('H703', ['name']),
    isValidTurkishNationalId(details.tckn) ? undefined : dealerError('H704', ['tckn']),
    /^\+905[0-9]{9}$/.test(details.mobile) ? undefined : dealerError('H705', ['mobile']),
    city ? undefined : dealerError('H706', ['city', 'code']),
    town && city && town.cityCode === city.code ? undefined : dealerError('H707', ['town', 'code']),
    details.status === undefined || (DealerContracts.RETAILER_STATUSES as readonly string[]).includes(details.status)
      ? undefined
      : dealerError('H708', ['status']),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new AggregateError(problems, 'retailer details are invalid');
}

export interface RosterEntry {
  identityKey: string;
  status: RetailerStatus;
}

export interface RosterState {
  retailers: Map<number, RosterEntry>;
}

export type RosterCommand =
  | { type: 'RegisterRetailer'; retailer: RetailerFacts }
  /** `everAssociated`: the consent side's fact that a consent ever named this retailer (R4). */
  | { type: 'DeleteRetailer'; retailerCode: number; iysCode: number; brandCode: number; everAssociated: boolean };

/** `retailers-<brandCode>`: the roster of one brand. */
export const rosterStreamId = (brandCode: number): string => {
  if (!Number.isSafeInteger(brandCode) || brandCode <= 0) throw new Error(`rosterStreamId: brandCode must be a positive integer: ${brandCode}`);
  return `retailers-${brandCode}`;
};

export const retailerRosterDecider: Decider<RosterCommand, RetailerEvent, RosterState> = {
  initialState: () => ({ retailers: new Map() }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterRetailer': {
        const { retailer } = command;
        if (state.retailers.has(retailer.retailerCode)) throw new Error(`retailer code ${retailer.retailerCode} issued twice`);
        for (const entry of state.retailers.values()) if (entry.identityKey === retailer.identityKey) throw dealerError('H709', ['tckn']);
        if (state.retailers.size >= MAX_RETAILERS_PER_BRAND) throw dealerError('H710');
        return [{ type: 'dealer.RetailerRegistered', data: { ...retailer } }];
      }
      case 'DeleteRetailer': {
        if (!state.retailers.has(command.retailerCode)) throw dealerError('H711', ['retailerCode']);
        if (command.everAssociated) throw dealerError('H712', ['retailerCode']);
        const { retailerCode, iysCode, brandCode } = command;
        return [{ type: 'dealer.RetailerDeleted', data: { retailerCode, iysCode, brandCode } }];
      }
    }
  },
  evolve(state, event) {
    const retailers = new Map(state.retailers);
    if (event.type === 'dealer.RetailerRegistered') retailers.set(event.data.retailerCode, { identityKey: event.data.identityKey, status: event.data.status });
    else retailers.delete(event.data.retailerCode);
    return { retailers };
  },
};
