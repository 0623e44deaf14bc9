import { Command } from '@nestjs/cqrs';
import type { FiledComplaint } from './file-complaint.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ComplaintChannel, ComplaintRecipientType, ComplaintSubject, FilingChannel, GsmOperator } from '../../../domain/complaint.events.js';

/** What a recipient states in a complaint (already shape-checked by the HTTP layer). */
export interface ComplaintForm {
  channel: ComplaintChannel;
  recipient: string;
  recipientType: ComplaintRecipientType;
  mersis?: string;
  nationalId?: string;
  sender: string;
  rawHeaders?: string;
  brandCode?: number;
  brandText?: string;
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul. */
  messageDate: string;
  content: string;
  gsmOperator?: GsmOperator;
  province: number;
  residence?: string;
  subjects: ComplaintSubject[];
  declaredTransactional?: boolean;
  /** The check step's id, when the recipient looked at the consents first. */
  checkId?: string;
}

export class FileComplaintCommand extends Command<FiledComplaint> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly form: ComplaintForm,
    readonly filedVia: FilingChannel,
  ) {
    super();
  }
}
