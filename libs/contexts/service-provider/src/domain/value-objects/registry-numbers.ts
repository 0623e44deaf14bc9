/** MERSİS: the 16-digit central registry number of a company. */
export const isValidMersis = (value: string): boolean => /^[0-9]{16}$/.test(value);

/** Vergi kimlik numarası of a company: 10 digits. */
export const isValidTaxNumber = (value: string): boolean => /^[0-9]{10}$/.test(value);

/** A Turkish mobile number in E.164: +90 5XX XXX XX XX. */
export const isTurkishMobile = (e164: string): boolean => /^\+905[0-9]{9}$/.test(e164);
