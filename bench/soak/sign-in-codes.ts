import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where the soak's recipients read the sign-in codes the registry sends them, in either sender mode.
 * Sign-ins run one at a time, so the next code that appears after a request is the one it caused.
 */
export interface CodeSource {
  /** Forgets codes seen so far: call it just before requesting a code. */
  reset(): Promise<void>;
  /** The next code sent, or undefined after `timeoutMs`. */
  next(timeoutMs: number): Promise<string | undefined>;
}

const CODE = /doğrulama kodunuz: (\d{6})/;
const POLL_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the fake gateway saw. */
export interface GatewayCounts {
  requests: number;
  codes: number;
}

/**
 * A local stand-in for the SMS gateway and the call centre (127.0.0.1 only): takes every POST as
 * the real gateway contract (`{messageId, to, text}`, 200), counts them, and keeps the last code.
 */
export async function startFakeGateway(): Promise<{ url: string; counts: GatewayCounts; codes: CodeSource; close(): Promise<void> }> {
  const counts: GatewayCounts = { requests: 0, codes: 0 };
  let latest: string | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      counts.requests += 1;
      try {
        const match = CODE.exec((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string }).text ?? '');
        if (match) {
          counts.codes += 1;
          latest = match[1];
        }
      } catch {
        // not JSON: still answered, as a lenient gateway would
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    counts,
    codes: {
      async reset() {
        latest = undefined;
      },
      async next(timeoutMs) {
        for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(POLL_MS)) if (latest !== undefined) return latest;
        return undefined;
      },
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Reads codes from the recording file as a developer would, following it by offset: only the bytes
 * written since the last look are read. When the file shrank it was rotated: reading starts over.
 */
export function recordingFileCodes(file: string): CodeSource {
  let offset = 0;
  let latest: string | undefined;
  let partial = '';
  const readNew = async () => {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch {
      return; // nothing recorded yet
    }
    try {
      const { size } = await handle.stat();
      if (size < offset) {
        offset = 0;
        partial = '';
      }
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"recipient.code.')) continue;
        const match = CODE.exec((JSON.parse(line) as { text: string }).text);
        if (match) latest = match[1];
      }
    } finally {
      await handle.close();
    }
  };
  return {
    async reset() {
      await readNew();
      latest = undefined;
    },
    async next(timeoutMs) {
      for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(POLL_MS)) {
        await readNew();
        if (latest !== undefined) return latest;
      }
      return undefined;
    },
  };
}
