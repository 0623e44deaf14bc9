import type { MessageTemplate, OutboxParams } from '@iys/platform/outbox';

const OUTCOMES: Record<string, string> = {
  JUSTIFIED: 'haklı bulundu; hizmet sağlayıcıya idari para cezası uygulandı',
  UNJUSTIFIED: 'haksız bulundu',
  NOT_COMPETENT: 'görev alanı dışında bulundu',
  MERGED: 'başka bir şikayetle birleştirildi',
};

const decided = (params: OutboxParams) =>
  `İYS: ${String(params.complaintId).slice(0, 8)} numaralı şikayetiniz ${OUTCOMES[String(params.outcome)] ?? 'karara bağlandı'}. Ayrıntılar için İYS'de Şikayetlerim sayfasına bakınız.`;

const PROVIDER_OUTCOMES: Record<string, string> = {
  JUSTIFIED: 'haklı bulunmuştur',
  UNJUSTIFIED: 'haksız bulunmuştur',
  NOT_COMPETENT: 'görev alanı dışında bulunmuştur',
  MERGED: 'başka bir şikayetle birleştirilmiştir',
};

const complaintPath = (params: OutboxParams) => `/sps/${String(params.iysCode)}/complaints/${String(params.complaintId)}`;

const defenseRequested = (params: OutboxParams) =>
  `İYS: ${String(params.complaintId).slice(0, 8)} numaralı şikayet için savunmanız istenmektedir. Son gün: ${String(params.deadline)}. ` +
  `Şikayet ve savunma: İYS API ${complaintPath(params)}. Süresinden sonra verilen savunma kabul edilmez.`;

const defenseReminder = (params: OutboxParams) =>
  `İYS: ${String(params.complaintId).slice(0, 8)} numaralı şikayet için savunma süreniz ${String(params.deadline)} tarihinde doluyor. ` +
  `Savunma: İYS API ${complaintPath(params)}/defense.`;

const providerDecided = (params: OutboxParams) =>
  `İYS: ${String(params.complaintId).slice(0, 8)} numaralı şikayet ${PROVIDER_OUTCOMES[String(params.outcome)] ?? 'karara bağlanmıştır'}` +
  (params.fineAmount ? `; idari para cezası: ${String(params.fineAmount)} TL` : '') +
  `. Ayrıntılar: İYS API ${complaintPath(params)}.`;

/** The complaint context's message texts (Turkish, the registry's language). */
export const COMPLAINT_MESSAGE_TEMPLATES: MessageTemplate[] = [
  { name: 'complaint.decided.sms', channel: 'sms', render: (params) => ({ text: decided(params) }) },
  { name: 'complaint.decided.email', channel: 'email', render: (params) => ({ subject: 'İYS: şikayetiniz karara bağlandı', text: decided(params) }) },
  // To the provider, at its signatory's registered e-mail address (ADR 0044).
  { name: 'complaint.defense-requested.email', channel: 'email', render: (params) => ({ subject: 'İYS: şikayet için savunmanız isteniyor', text: defenseRequested(params) }) },
  { name: 'complaint.defense-reminder.email', channel: 'email', render: (params) => ({ subject: 'İYS: savunma süreniz doluyor', text: defenseReminder(params) }) },
  { name: 'complaint.decided-provider.email', channel: 'email', render: (params) => ({ subject: 'İYS: şikayet karara bağlandı', text: providerDecided(params) }) },
];
