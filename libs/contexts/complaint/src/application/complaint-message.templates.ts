import type { MessageTemplate, OutboxParams } from '@iys/platform/outbox';

const OUTCOMES: Record<string, string> = {
  JUSTIFIED: 'haklı bulundu; hizmet sağlayıcıya idari para cezası uygulandı',
  UNJUSTIFIED: 'haksız bulundu',
  NOT_COMPETENT: 'görev alanı dışında bulundu',
  MERGED: 'başka bir şikayetle birleştirildi',
};

const decided = (params: OutboxParams) =>
  `İYS: ${String(params.complaintId).slice(0, 8)} numaralı şikayetiniz ${OUTCOMES[String(params.outcome)] ?? 'karara bağlandı'}. Ayrıntılar için İYS'de Şikayetlerim sayfasına bakınız.`;

/** The complaint context's message texts (Turkish, the registry's language). */
export const COMPLAINT_MESSAGE_TEMPLATES: MessageTemplate[] = [
  { name: 'complaint.decided.sms', channel: 'sms', render: (params) => ({ text: decided(params) }) },
  { name: 'complaint.decided.email', channel: 'email', render: (params) => ({ subject: 'İYS: şikayetiniz karara bağlandı', text: decided(params) }) },
];
