/**
 * The signatory's e-mail must be on the company's own domain: free-mail services are refused
 * (product brief rule 9). The list covers the services common in Türkiye; it is data, extend it.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.com.tr', 'outlook.com', 'outlook.com.tr', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.com.tr', 'ymail.com', 'yandex.com', 'yandex.com.tr', 'yandex.ru', 'icloud.com', 'me.com', 'mac.com',
  'aol.com', 'gmx.com', 'gmx.net', 'mail.com', 'mail.ru', 'proton.me', 'protonmail.com', 'zoho.com', 'mynet.com',
  'windowslive.com', 'superonline.com', 'ttmail.com', 'e-kolay.net',
]);

/** The domain of an already normalised (lower-case) address, or undefined when it has none. */
export function emailDomain(normalisedEmail: string): string | undefined {
  const at = normalisedEmail.lastIndexOf('@');
  return at > 0 ? normalisedEmail.slice(at + 1) : undefined;
}

export function isCorporateEmail(normalisedEmail: string): boolean {
  const domain = emailDomain(normalisedEmail);
  return domain !== undefined && !FREE_MAIL_DOMAINS.has(domain);
}
