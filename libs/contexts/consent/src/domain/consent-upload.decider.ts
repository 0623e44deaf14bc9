import { DomainError, type Decider } from '@iys/platform/building-blocks';

/** A value sealed by the vault (its envelope, opaque here: the domain knows no cipher). */
export type SealedRows = { [key: string]: string };

/**
 * A provider's bulk upload from the panel (docs/adr/0055): staged with its validation preview, then
 * submitted as C3 batches. One stream per upload (`consentUpload-<uploadId>`). The rows are personal
 * data: they enter the staged event only sealed under the upload's own vault subject, which is shredded
 * once the batches hold them; every other field is row numbers, counts and İYS codes.
 */
export interface UploadRowProblem {
  /** 1-based row of the uploaded table (the header is row 0). */
  row: number;
  code: string;
  message: string;
}

export type ConsentUploadEvent =
  | {
      type: 'consent.ConsentUploadStaged';
      data: { uploadId: string; iysCode: number; brandCode: number; rowCount: number; rows: SealedRows; problems: UploadRowProblem[]; stagedBy: string; stagedAt: string };
    }
  | { type: 'consent.ConsentUploadSubmitted'; data: { uploadId: string; problems: UploadRowProblem[]; submittedBy: string; submittedAt: string } }
  | { type: 'consent.ConsentUploadBatchAccepted'; data: { uploadId: string; requestId: string; rows: number[] } };

export type ConsentUploadCommand =
  | ({ type: 'StageConsentUpload' } & Extract<ConsentUploadEvent, { type: 'consent.ConsentUploadStaged' }>['data'])
  | { type: 'SubmitConsentUpload'; iysCode: number; brandCode: number; problems: UploadRowProblem[]; submittedBy: string; submittedAt: string }
  | { type: 'RecordUploadBatch'; requestId: string; rows: number[] };

export type ConsentUploadState =
  | { status: 'none' }
  | { status: 'staged' | 'submitted'; uploadId: string; iysCode: number; brandCode: number; rowCount: number; accepted: number };

/** Our codes for the panel's bulk upload (H820–H829, docs/error-codes.md). */
export const UPLOAD_ERRORS = {
  H820: { status: 404, message: 'Yükleme bulunamadı.' },
  H821: { status: 409, message: 'Yükleme zaten gönderildi.' },
  H822: { status: 422, message: 'Dosya okunamadı: ilk satırı başlık olan bir .xlsx veya .csv tablosu yükleyiniz.' },
  H823: { status: 422, message: 'Bir yüklemede en az 1, en fazla 10000 satır olabilir.' },
  H824: { status: 409, message: 'Yükleme henüz gönderilmedi.' },
} as const;

export const MAX_UPLOAD_ROWS = 10_000;

export const uploadError = (code: keyof typeof UPLOAD_ERRORS) => new DomainError(code, UPLOAD_ERRORS[code].message);

export const consentUploadDecider: Decider<ConsentUploadCommand, ConsentUploadEvent, ConsentUploadState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'StageConsentUpload': {
        if (state.status !== 'none') return [];
        if (!Number.isSafeInteger(command.rowCount) || command.rowCount < 1 || command.rowCount > MAX_UPLOAD_ROWS) throw uploadError('H823');
        const { type: _type, ...data } = command;
        return [{ type: 'consent.ConsentUploadStaged', data }];
      }
      case 'SubmitConsentUpload':
        // Another provider's or brand's upload is as unknown as one that does not exist.
        if (state.status === 'none' || state.iysCode !== command.iysCode || state.brandCode !== command.brandCode) throw uploadError('H820');
        if (state.status === 'submitted') throw uploadError('H821');
        return [{ type: 'consent.ConsentUploadSubmitted', data: { uploadId: state.uploadId, problems: command.problems, submittedBy: command.submittedBy, submittedAt: command.submittedAt } }];
      case 'RecordUploadBatch':
        if (state.status !== 'submitted') throw uploadError('H824');
        if (state.accepted + command.rows.length > state.rowCount) throw new RangeError('more rows accepted than the upload holds');
        return [{ type: 'consent.ConsentUploadBatchAccepted', data: { uploadId: state.uploadId, requestId: command.requestId, rows: command.rows } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'consent.ConsentUploadStaged':
        return { status: 'staged', uploadId: event.data.uploadId, iysCode: event.data.iysCode, brandCode: event.data.brandCode, rowCount: event.data.rowCount, accepted: 0 };
      case 'consent.ConsentUploadSubmitted':
        return state.status === 'none' ? state : { ...state, status: 'submitted' };
      case 'consent.ConsentUploadBatchAccepted':
        return state.status === 'none' ? state : { ...state, accepted: state.accepted + event.data.rows.length };
    }
  },
};
