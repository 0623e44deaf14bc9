/*
 * Test-only: a local HTTP gateway for the specs of HttpGatewaySender and the dispatcher. Not exported
 * from the library's index.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the gateway answers to the n-th request (0-based): an HTTP status, or 'hang' to never answer. */
export type GatewayAnswer = (request: GatewayRequest, index: number) => number | 'hang';

export interface TestGateway {
  url: string;
  requests: GatewayRequest[];
  close(): Promise<void>;
}

/** A `node:http` server on 127.0.0.1 and a free port that records every request. */
export async function startTestGateway(answer: GatewayAnswer = () => 202): Promise<TestGateway> {
  const requests: GatewayRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: GatewayRequest = { method: req.method ?? '', headers: req.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
      const status = answer(request, requests.length);
      requests.push(request);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
