import { Busboy } from '@fastify/busboy';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { acceptsFormBody, IysHttpException } from '@iys/platform/nest';

/** A file a web form uploaded (multipart/form-data), held in memory (≤ MAX_UPLOAD_BYTES). */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data) && typeof (value as UploadedFile).filename === 'string';

/**
 * Fastify's parser for multipart/form-data, on web form routes only (the API keeps answering 415
 * H601): text fields as strings, at most one file of at most 5 MB (413 H602 beyond), empty file
 * inputs left out. The body is `{ field: 'text', …, file: UploadedFile }`.
 */
export function webMultipartParser(request: FastifyRequest, payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void): void {
  if (!acceptsFormBody(request.routeOptions.url)) return done(IysHttpException.of('H601'));
  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({ headers: request.headers as never, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60 } });
  } catch {
    return done(IysHttpException.of('H603'));
  }
  const body: Record<string, string | UploadedFile> = Object.create(null);
  let failed: Error | undefined;
  const pending: Promise<void>[] = [];
  parser.on('field', (name: string, value: string) => {
    if (name !== '__proto__' && name !== 'constructor') body[name] = value;
  });
  parser.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, filename: string, _encoding: string, mimeType: string) => {
    const chunks: Buffer[] = [];
    pending.push(
      new Promise((resolve) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => (failed = IysHttpException.of('H602')));
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          if (data.length > 0 && name !== '__proto__' && name !== 'constructor') body[name] = { filename: filename ?? '', contentType: mimeType, data };
          resolve();
        });
      }),
    );
  });
  parser.on('error', () => done(IysHttpException.of('H603')));
  parser.on('finish', () => {
    void Promise.all(pending).then(() => done(failed ?? null, failed ? undefined : body));
  });
  payload.pipe(parser);
}
