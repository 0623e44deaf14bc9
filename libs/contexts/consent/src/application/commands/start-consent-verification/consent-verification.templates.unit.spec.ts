import { describe, expect, it } from '@jest/globals';
import { MessageTemplates } from '@iys/platform/outbox';
import { consentVerificationTemplates } from './consent-verification.templates.js';

describe('C8 verification message templates', () => {
  const templates = new MessageTemplates();
  templates.register(...consentVerificationTemplates);
  const params = { requestId: '7b0e6c1a-0000-4000-8000-000000000001', iysCode: 700001, brandCode: 700002, type: 'MESAJ', validMinutes: 10 };

  it('puts the code, the brand and the validity in the SMS', () => {
    expect(templates.render('consent-verification.sms', 'sms', params, { verificationCode: '004711' })).toEqual({
      text: 'İYS onay kodunuz: 004711. Marka 700002 (İYS no 700001) için ticari ileti onayı. Kod 10 dakika geçerlidir.',
    });
  });

  it('gives the call centre the code digit by digit', () => {
    expect(templates.render('consent-verification.call', 'call', { ...params, type: 'ARAMA' }, { verificationCode: '004711' }).text).toBe(
      'İYS çağrı merkezi arıyor. Marka 700002 (İYS no 700001) için ticari ileti onayınız isteniyor. Onay kodunuz: 0 0 4 7 1 1. Kod 10 dakika geçerlidir.',
    );
  });

  it('never renders a message without a well-formed code', () => {
    expect(() => templates.render('consent-verification.sms', 'sms', params, {})).toThrow(/consent-verification.sms failed/);
    expect(() => templates.render('consent-verification.call', 'call', params, { verificationCode: '12' })).toThrow();
  });
});
