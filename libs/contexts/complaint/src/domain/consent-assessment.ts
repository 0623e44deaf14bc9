import { turkishBusinessCalendar, type TurkishBusinessCalendar } from '@iys/platform/building-blocks';
import type { Assessment, ComplaintRecipientType } from './complaint.events.js';

/** Business days a provider has to stop after a rejection (Law 6563 art. 8/2). */
export const REJECTION_GRACE_BUSINESS_DAYS = 3;

/**
 * The legal texts each rule rests on: Law No. 6563 on the Regulation of Electronic Commerce and the
 * Regulation on Commercial Communication and Commercial Electronic Messages (Ticari İletişim ve
 * Ticari Elektronik İletiler Hakkında Yönetmelik).
 */
export const ARTICLES = {
  consentRequired: '6563 sayılı Kanun m.6/1: ticari elektronik ileti ancak alıcının önceden onayı alınarak gönderilebilir.',
  merchants: '6563 sayılı Kanun m.6/1 (ikinci cümle): esnaf ve tacirlere önceden onay alınmaksızın ileti gönderilebilir; ret bildirimi sonrası gönderilemez (m.8).',
  rejection: '6563 sayılı Kanun m.8/2: hizmet sağlayıcı ret talebini aldığı tarihten itibaren üç iş günü içinde ileti gönderimini durdurur.',
  exempt: 'Ticari İletişim ve Ticari Elektronik İletiler Hakkında Yönetmelik m.6: onay alınmasına gerek olmayan haller (abonelik, tahsilat, bilgilendirme, yasal bildirim ve benzeri).',
} as const;

/** The consent as the registry knew it at the message time (a projection of the as-of answer). */
export interface ConsentAtMessageTime {
  state: 'ONAY' | 'RET' | 'NONE';
  /** ISO instant the deciding event took effect (its consentDate: when the recipient gave or withdrew it). */
  since?: string;
}

export interface AssessmentInput {
  recipientType: ComplaintRecipientType;
  /** ISO instant the message arrived. */
  messageAt: string;
  consent: ConsentAtMessageTime;
  /** The sender is exempt (an association, a public body, …): the authority must look. */
  senderExempt: boolean;
  /** The recipient or sender called the message transactional (not commercial). */
  declaredTransactional: boolean;
}

/** An exemption of the sender (the operator gate's list, published by the service-provider context). */
export interface SenderExemptionWindow {
  /** ISO instants; `validTo` exclusive, open-ended when null. */
  validFrom: string;
  validTo: string | null;
}

/** Whether the sender was exempt when the message arrived: one of its exemptions was valid at that instant. */
export function exemptAt(exemptions: readonly SenderExemptionWindow[], messageAt: string): boolean {
  const at = Date.parse(messageAt);
  return exemptions.some(({ validFrom, validTo }) => Date.parse(validFrom) <= at && (validTo === null || at < Date.parse(validTo)));
}

/**
 * The registry's automatic assessment of a complaint: a hint for the authority, never a decision.
 * Rules in order: an exempt sender or a message declared transactional needs review; ONAY at the
 * message time is a consent; a RET more than 3 business days before the message is a likely violation,
 * within them the legal grace; with no record, a merchant (TACIR, no prior consent needed) is allowed
 * and an individual's message is a likely violation.
 */
export function assessComplaint(input: AssessmentInput, calendar: TurkishBusinessCalendar = turkishBusinessCalendar): Assessment {
  if (input.senderExempt || input.declaredTransactional) {
    return { hint: 'NEEDS_REVIEW', rule: input.senderExempt ? 'SENDER_EXEMPT' : 'DECLARED_TRANSACTIONAL', article: ARTICLES.exempt };
  }
  const { consent } = input;
  if (consent.state === 'ONAY') return { hint: 'CONSENT_EXISTS', rule: 'ONAY_AT_MESSAGE_TIME', article: ARTICLES.consentRequired };
  if (consent.state === 'RET') {
    if (!consent.since) throw new Error('a RET consent needs the instant it took effect');
    const withinGrace = calendar.isWithinBusinessDays(new Date(consent.since), new Date(input.messageAt), REJECTION_GRACE_BUSINESS_DAYS);
    return withinGrace
      ? { hint: 'WITHIN_GRACE', rule: 'RET_WITHIN_GRACE', article: ARTICLES.rejection }
      : { hint: 'LIKELY_VIOLATION', rule: 'RET_OLDER_THAN_GRACE', article: ARTICLES.rejection };
  }
  if (input.recipientType === 'TACIR') return { hint: 'ALLOWED', rule: 'TACIR_NEVER_REJECTED', article: ARTICLES.merchants };
  return { hint: 'LIKELY_VIOLATION', rule: 'NO_RECORD', article: ARTICLES.consentRequired };
}
