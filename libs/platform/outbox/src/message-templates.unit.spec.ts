import { describe, expect, it } from '@jest/globals';
import { DeliveryError, PermanentDeliveryError, safeErrorFields, safeErrorLabel } from './message-sender.js';
import { MessageTemplates, TemplateChannelMismatchError, TemplateRenderError, UnknownTemplateError, type MessageTemplate } from './message-templates.js';

const welcome: MessageTemplate = { name: 'welcome.email', channel: 'email', render: (params, secrets) => ({ subject: `Hoş geldiniz ${String(params.brand)}`, text: String(secrets.link) }) };

describe('MessageTemplates', () => {
  it('renders a registered template with its params and secrets', () => {
    const templates = new MessageTemplates();
    templates.register(welcome);
    templates.register(welcome); // the same object again: a module initialised twice
    expect(templates.render('welcome.email', 'email', { brand: 'MARKA' }, { link: 'https://iys.example/x' })).toEqual({ subject: 'Hoş geldiniz MARKA', text: 'https://iys.example/x' });
    expect(() => templates.register({ ...welcome })).toThrow(/already registered/);
  });

  it('refuses, permanently, an unknown template, another channel, and a template that throws, without its message', () => {
    const templates = new MessageTemplates();
    templates.register(welcome, { name: 'broken.sms', channel: 'sms', render: () => { throw new RangeError('code 123456 is odd'); } });
    const failure = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    const unknown = failure(() => templates.render('missing.sms', 'sms', {}, {}));
    expect(unknown).toBeInstanceOf(UnknownTemplateError);
    expect(unknown).toBeInstanceOf(PermanentDeliveryError);
    expect(safeErrorLabel(unknown)).toBe('UnknownTemplate');
    expect(safeErrorLabel(failure(() => templates.render('welcome.email', 'sms', {}, {})))).toBe('TemplateChannelMismatch');
    const broken = failure(() => templates.render('broken.sms', 'sms', {}, {}));
    expect(broken).toBeInstanceOf(TemplateRenderError);
    expect(safeErrorLabel(broken)).toBe('TemplateRenderError code=RangeError');
    expect((broken as Error).message).not.toContain('123456');
    expect(new TemplateChannelMismatchError('x')).toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('safeErrorLabel', () => {
  it('keeps name, code and status when they look like identifiers and numbers, never the message', () => {
    expect(safeErrorLabel(new PermanentDeliveryError('refused +905321112233', { status: 400 }))).toBe('PermanentDeliveryError status=400');
    expect(safeErrorLabel(new DeliveryError('x', { code: 'ECONNREFUSED' }))).toBe('DeliveryError code=ECONNREFUSED');
    expect(safeErrorLabel(Object.assign(new Error('550 <a@b.c> unknown'), { code: 'EENVELOPE', responseCode: 550 }))).toBe('Error code=EENVELOPE status=550');
    expect(safeErrorLabel(Object.assign(new Error('x'), { name: 'a@b.c', code: '+905321112233' }))).toBe('Error');
    expect(safeErrorLabel('a string')).toBe('Error');
    expect(safeErrorFields(new DeliveryError('x', { code: 'TimeoutError' }))).toEqual({ name: 'DeliveryError', code: 'TimeoutError' });
  });
});
