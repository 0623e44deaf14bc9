/**
 * The API under soak, in a process of its own so that its memory is measured alone: started by
 * soak.bench.ts with `node --expose-gc`, it runs the real application (startApp, as the consent
 * benchmark does) and answers the parent's messages over the IPC channel:
 *   { type: 'sample' } → two forced collections, then { type: 'sample', rss, heapUsed, … };
 *   { type: 'stop' } → closes the application and exits.
 * Settings come from the environment: SOAK_DATABASE_URL, and every IYS_* variable (senders, data folder).
 */
import { startApp } from '../consent/app-under-test.js';

export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'sample'; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
export type ParentMessage = { type: 'sample' } | { type: 'stop' };

const gc = (globalThis as { gc?: () => void }).gc;
const url = process.env.SOAK_DATABASE_URL;
if (gc === undefined || url === undefined || process.send === undefined) {
  process.stderr.write('soak-server: run by soak.bench.ts (node --expose-gc, SOAK_DATABASE_URL, an IPC channel)\n');
  process.exit(2);
}
const send = (message: ServerMessage) => process.send!(message);

const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('IYS_') && entry[1] !== undefined));
const app = await startApp(url, process.env.BENCH_LOG_LEVEL ?? 'silent', env);
process.on('message', (message: ParentMessage) => {
  if (message.type === 'sample') {
    gc();
    gc();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    send({ type: 'sample', rss, heapUsed, heapTotal, external, arrayBuffers });
  } else if (message.type === 'stop') {
    void app.close().finally(() => process.exit(0));
  }
});
// The parent gone (killed): nothing else would stop this process.
process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
send({ type: 'ready', port: app.port });
