import { Injectable } from '@nestjs/common';
import { PermanentDeliveryError, safeErrorFields } from './message-sender.js';
import type { OutboxChannel, OutboxParams } from './outbox-message.js';

/** The text that goes out: `subject` for e-mail, `text` for every channel (the SMS, the script read out on a call, the mail body). */
export interface RenderedMessage {
  subject?: string;
  text: string;
}

/**
 * One message text. `params` are the row's non-personal values, `secrets` the unsealed JSON of its
 * `sealedParams` (a code, a link). A template must not log or throw with either in the message.
 */
export interface MessageTemplate {
  /** `<context-use>.<channel>`, e.g. `consent-verification.sms`. */
  name: string;
  channel: OutboxChannel;
  render(params: OutboxParams, secrets: Record<string, unknown>): RenderedMessage;
}

/** The row names a template nobody registered: retrying will not help (dead letter `UnknownTemplate`). */
export class UnknownTemplateError extends PermanentDeliveryError {
  constructor(readonly template: string) {
    super(`no message template named ${template}`);
    this.name = 'UnknownTemplate';
  }
}

/** The row's channel is not the template's (dead letter `TemplateChannelMismatch`). */
export class TemplateChannelMismatchError extends PermanentDeliveryError {
  constructor(readonly template: string) {
    super(`message template ${template} belongs to another channel`);
    this.name = 'TemplateChannelMismatch';
  }
}

/** A template threw (a bug, or params it cannot use): a dead letter `TemplateRenderError code=<the error's name>`. */
export class TemplateRenderError extends PermanentDeliveryError {
  constructor(readonly template: string, cause: unknown) {
    // Only the cause's name: its message could quote a secret value.
    super(`message template ${template} failed`, { code: safeErrorFields(cause).name });
    this.name = 'TemplateRenderError';
  }
}

/**
 * Every context's message texts, by name. Contexts register theirs in `onModuleInit`; the dispatcher
 * renders each row with the template it names. Registering the same name twice is refused unless it
 * is the very same template object (a module initialised twice in a test).
 */
@Injectable()
export class MessageTemplates {
  private readonly templates = new Map<string, MessageTemplate>();

  register(...templates: MessageTemplate[]): void {
    for (const template of templates) {
      const existing = this.templates.get(template.name);
      if (existing && existing !== template) throw new Error(`message template ${template.name} is already registered`);
      this.templates.set(template.name, template);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Throws UnknownTemplateError, TemplateChannelMismatchError or TemplateRenderError: all permanent. */
  render(name: string, channel: OutboxChannel, params: OutboxParams, secrets: Record<string, unknown>): RenderedMessage {
    const template = this.templates.get(name);
    if (!template) throw new UnknownTemplateError(name);
    if (template.channel !== channel) throw new TemplateChannelMismatchError(name);
    try {
      return template.render(params, secrets);
    } catch (error) {
      throw new TemplateRenderError(name, error);
    }
  }
}
