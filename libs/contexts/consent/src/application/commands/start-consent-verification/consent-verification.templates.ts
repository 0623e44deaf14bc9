import type { MessageTemplate, OutboxParams } from '@iys/platform/outbox';
import { VERIFICATION_CODE_PATTERN } from './verification-code.js';

/** The code from the message's sealed params; a template must never send a message without it. */
function verificationCodeOf(secrets: Record<string, unknown>): string {
  const code = secrets.verificationCode;
  if (typeof code !== 'string' || !VERIFICATION_CODE_PATTERN.test(code)) throw new Error('verificationCode missing from the sealed params');
  return code;
}

/** "Marka 42 (İYS no 700001)": the provider's brand, by the codes the registry knows it by. */
const brandOf = (params: OutboxParams) => `Marka ${String(params.brandCode)} (İYS no ${String(params.iysCode)})`;

/** C8 by SMS (IYS_KISAMESAJ): the code the recipient gives the provider. */
export const consentVerificationSms: MessageTemplate = {
  name: 'consent-verification.sms',
  channel: 'sms',
  render: (params, secrets) => ({
    text: `İYS onay kodunuz: ${verificationCodeOf(secrets)}. ${brandOf(params)} için ticari ileti onayı. Kod ${String(params.validMinutes)} dakika geçerlidir.`,
  }),
};

/** C8 by the call centre (IYS_CM): what the agent reads out, the digits one by one. */
export const consentVerificationCall: MessageTemplate = {
  name: 'consent-verification.call',
  channel: 'call',
  render: (params, secrets) => ({
    text:
      `İYS çağrı merkezi arıyor. ${brandOf(params)} için ticari ileti onayınız isteniyor. ` +
      `Onay kodunuz: ${verificationCodeOf(secrets).split('').join(' ')}. Kod ${String(params.validMinutes)} dakika geçerlidir.`,
  }),
};

export const consentVerificationTemplates: MessageTemplate[] = [consentVerificationSms, consentVerificationCall];
