import type { Principal } from '@iys/platform/building-blocks';
import { PostgresEventStore, streamId, toDomainEvent } from '@iys/platform/event-store';
import { uploadError, type ConsentUploadEvent } from '../domain/consent-upload.decider.js';
import type { ConsentSubmission } from './consent-registrar.js';

/** One upload per stream; the id is opaque (docs/adr/0006). */
export const consentUploadStream = (uploadId: string) => streamId('consentUpload', uploadId);

/** A row as the upload reader made it: its C3 item when the C3 shape check passed, else that check's İYS errors. */
export type UploadRowInput = { row: number; submission: ConsentSubmission } | { row: number; errors: { code: string; message: string }[] };

/** The rows that passed the shape check, as sealed in the staged event. */
export type SealedUploadRows = { row: number; submission: ConsentSubmission }[];

/** Who acts on an upload, as event metadata: the provider's user or its integrator, through the panel. */
export const uploadMetadata = (principal: Principal) => ({
  actorKind: principal.role === 'integrator' ? ('integrator' as const) : ('service-provider' as const),
  actorId: principal.userId,
  channel: 'web',
});

/** The upload's events, when it is this provider's and brand's; another's is as unknown as none (H820). */
export async function readUpload(store: PostgresEventStore, uploadId: string, iysCode: number, brandCode: number) {
  const events = (await store.readStream(consentUploadStream(uploadId))).map((e) => toDomainEvent<ConsentUploadEvent>(e));
  const staged = events.find((e) => e.type === 'consent.ConsentUploadStaged');
  if (!staged || staged.data.iysCode !== iysCode || staged.data.brandCode !== brandCode) throw uploadError('H820');
  const submitted = events.find((e) => e.type === 'consent.ConsentUploadSubmitted');
  const batches = events.flatMap((e) => (e.type === 'consent.ConsentUploadBatchAccepted' ? [e.data] : []));
  return { staged: staged.data, submitted: submitted?.data, batches };
}
