import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max';

/** MERSİS: the 16-digit central registry number of a company. */
export const isValidMersis = (value: string): boolean => /^[0-9]{16}$/.test(value);

/** Vergi kimlik numarası of a company: 10 digits. */
export const isValidTaxNumber = (value: string): boolean => /^[0-9]{10}$/.test(value);

/**
 * A Turkish mobile number in E.164, `+905XXXXXXXXX`, on a prefix allocated to a mobile operator: the
 * same libphonenumber metadata that normalises every address (`@iys/platform/pii`) must call it a valid
 * Turkish MOBILE number. So `+90511…` (unallocated) and `+90512…` (a pager range) are refused, with a
 * message (H617) that says so.
 */
export function isTurkishMobile(e164: string): boolean {
  if (!/^\+905[0-9]{9}$/.test(e164)) return false;
  const parsed = parsePhoneNumberFromString(e164, metadata);
  return parsed !== undefined && parsed.isValid() && parsed.country === 'TR' && parsed.getType() === 'MOBILE';
}
