import type { MessageTemplate, OutboxParams } from '@iys/platform/outbox';

const TYPE_NAMES: Record<string, string> = { MESAJ: 'SMS', ARAMA: 'arama', EPOSTA: 'e-posta' };

const codeText = (secrets: Record<string, unknown>, params: OutboxParams) =>
  `İYS doğrulama kodunuz: ${String(secrets.code)}. ${String(params.validMinutes)} dakika geçerlidir. Bu kodu kimseyle paylaşmayınız; İYS çalışanları kodunuzu sormaz, yalnızca siz okursunuz.`;

interface NoticeItem {
  brand: string;
  provider: string;
  type: string;
  link: string;
}

const noticeLines = (secrets: Record<string, unknown>) =>
  (secrets.consents as NoticeItem[]).map((c) => `- ${c.brand}${c.provider ? ` (${c.provider})` : ''}, ${TYPE_NAMES[c.type] ?? c.type}: reddetmek için ${c.link}`);

const noticeText = (params: OutboxParams, secrets: Record<string, unknown>) =>
  [
    `İYS: Adınıza ${String(params.count)} yeni ticari ileti onayı kaydedildi.`,
    ...noticeLines(secrets),
    `Bağlantılar ${String(params.validDays)} gün geçerlidir. Tüm izinlerinizi İYS'de görebilir, dilediğiniz zaman reddedebilirsiniz.`,
  ].join('\n');

const SMS_REPLIES: Record<string, (params: OutboxParams) => string> = {
  rejected: (p) => `İYS: ${String(p.count)} ticari ileti izniniz reddedildi${p.brand ? ` (${String(p.brand)})` : ''}. Değişiklik hizmet sağlayıcıya iletildi.`,
  'nothing-to-reject': (p) => `İYS: ${p.brand ? `${String(p.brand)} için ` : ''}onaylı ticari ileti izniniz bulunmuyor.`,
  'unknown-brand': () => 'İYS: Marka bulunamadı. Marka adını kontrol ederek RET MARKA yazıp gönderiniz.',
  'complaint-link': (p) => `İYS: ${p.brand ? `${String(p.brand)} hakkındaki ` : ''}şikayetinizi tamamlamak için: ${String(p.link)}`,
  help: () => 'İYS: Tüm ticari ileti izinlerinizi reddetmek için RET, bir markanınkileri reddetmek için RET MARKA yazıp gönderiniz.',
};

/** The recipient context's message texts (Turkish, the registry's language). */
export const RECIPIENT_MESSAGE_TEMPLATES: MessageTemplate[] = [
  { name: 'recipient.code.sms', channel: 'sms', render: (params, secrets) => ({ text: codeText(secrets, params) }) },
  { name: 'recipient.code.email', channel: 'email', render: (params, secrets) => ({ subject: 'İYS doğrulama kodunuz', text: codeText(secrets, params) }) },
  { name: 'recipient.consent-notice.sms', channel: 'sms', render: (params, secrets) => ({ text: noticeText(params, secrets) }) },
  {
    name: 'recipient.consent-notice.email',
    channel: 'email',
    render: (params, secrets) => ({ subject: 'İYS: adınıza yeni ticari ileti onayı kaydedildi', text: noticeText(params, secrets) }),
  },
  {
    name: 'recipient.sms-reply.sms',
    channel: 'sms',
    render: (params) => ({ text: (SMS_REPLIES[String(params.kind)] ?? SMS_REPLIES.help)(params) }),
  },
];
