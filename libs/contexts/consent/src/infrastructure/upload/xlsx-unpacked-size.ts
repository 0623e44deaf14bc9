import { inflateRawSync } from 'node:zlib';

/**
 * What an uploaded .xlsx may unpack to: a 10 000-row table of the template's eight columns is a few
 * megabytes of sheet XML and shared strings, styled or not; 32 MiB leaves it ample room while a zip
 * bomb (kilobytes that inflate to gigabytes) is stopped long before it reaches memory (ADR 0061).
 */
export const MAX_XLSX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Parts of a workbook: a plain one has about a dozen. */
export const MAX_XLSX_ENTRIES = 1_000;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * Whether the zip unpacks within `limit` bytes in all: each entry is inflated for real, under the
 * budget left (zlib stops at `maxOutputLength`), so sizes the archive declares — which a bomb
 * forges — are never trusted. `'unreadable'` for what is no zip this reader understands (none, or
 * Zip64: a workbook that needs it is far past the limit anyway).
 */
export function xlsxUnpackedWithin(content: Buffer, limit = MAX_XLSX_UNPACKED_BYTES, maxEntries = MAX_XLSX_ENTRIES): 'within' | 'too-large' | 'unreadable' {
  const end = endOfCentralDirectory(content);
  if (end < 0) return 'unreadable';
  const entries = content.readUInt16LE(end + 10);
  if (entries > maxEntries) return 'too-large';
  let at = content.readUInt32LE(end + 16);
  let left = limit;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return 'unreadable';
    const method = content.readUInt16LE(at + 10);
    const compressedSize = content.readUInt32LE(at + 20);
    const localHeader = content.readUInt32LE(at + 42);
    if (compressedSize === 0xffffffff || localHeader === 0xffffffff) return 'unreadable';
    at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
    if (localHeader + 30 > content.length || content.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) return 'unreadable';
    const dataStart = localHeader + 30 + content.readUInt16LE(localHeader + 26) + content.readUInt16LE(localHeader + 28);
    const data = content.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) {
      left -= data.length;
    } else if (method === 8) {
      try {
        left -= inflateRawSync(data, { maxOutputLength: left + 1 }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'too-large';
        return 'unreadable';
      }
    } else {
      return 'unreadable';
    }
    if (left < 0) return 'too-large';
  }
  return 'within';
}

/** Offset of the end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB. */
function endOfCentralDirectory(content: Buffer): number {
  for (let at = content.length - 22; at >= Math.max(0, content.length - 22 - 0xffff); at--) {
    if (content.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}
