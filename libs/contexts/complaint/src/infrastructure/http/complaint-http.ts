import { parseIysDateTime } from '@iys/platform/building-blocks';
import { complaintError } from '../../domain/complaint.errors.js';
import type { QueueFilter } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import type { QueueQuery } from './dto/complaint.request.dto.js';

/** The attachment routes take the file itself (application/octet-stream, ≤ 5 MB); anything else is no file. */
export function fileBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw complaintError('H776', ['file']);
  return body;
}

export function queueFilter(query: QueueQuery): QueueFilter {
  const instant = (text: string | undefined, field: string) => {
    if (text === undefined) return undefined;
    const parsed = parseIysDateTime(text);
    if (!parsed) throw complaintError('H786', [field]);
    return parsed.toISOString();
  };
  return {
    province: query.province,
    status: query.status,
    channel: query.channel,
    iysCode: query.iysCode,
    brandCode: query.brandCode,
    assessment: query.assessment,
    from: instant(query.from, 'from'),
    to: instant(query.to, 'to'),
    sort: query.sort,
    offset: query.offset ?? 0,
    limit: query.limit ?? 50,
  };
}

/** Paths whose body is a file; every other route keeps speaking JSON only (H601). */
export const ATTACHMENT_UPLOAD_PATH = /^\/(recipients\/me\/complaints\/[^/]+\/attachments|sps\/[^/]+\/complaints\/[^/]+\/defense\/attachments)(\?.*)?$/;

/** A route that takes no fields: no body or `{}`; another JSON value is H760, any field H791 (named in its location). */
export function requireEmptyBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body)) throw complaintError('H760');
  const [field] = Object.keys(body);
  if (field !== undefined) throw complaintError('H791', [field]);
}
