import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryError, PermanentDeliveryError, type OutgoingMessage } from '../message-sender.js';
import { HttpGatewaySender } from './http-gateway.sender.js';
import { startTestGateway, type TestGateway } from './test-gateway.fixtures.js';

const message = (): OutgoingMessage => ({ id: randomUUID(), channel: 'sms', recipientId: randomUUID(), to: '+905321112233', text: 'İYS onay kodunuz: 123456.', template: 't.sms', attempt: 1 });

/** What a send came to: 'sent', or the kind of error and what it carries. */
async function outcome(sender: HttpGatewaySender): Promise<unknown> {
  try {
    await sender.send(message());
    return 'sent';
  } catch (error) {
    const { name, code, status } = error as DeliveryError;
    return { kind: error instanceof PermanentDeliveryError ? 'permanent' : error instanceof DeliveryError ? 'retry' : 'other', name, code, status };
  }
}

describe('HttpGatewaySender (a local node:http gateway)', () => {
  const statuses = [200, 202, 204, 400, 401, 404, 408, 422, 429, 500, 502, 503];
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway((_request, index) => statuses[index] ?? 200);
  });
  afterAll(() => gateway.close());

  it('posts {messageId, to, text} as JSON with the id as Idempotency-Key, and no Authorization without a token', async () => {
    const sent = message();
    await new HttpGatewaySender({ url: gateway.url }).send(sent);
    expect(gateway.requests[0]).toMatchObject({
      method: 'POST',
      headers: expect.objectContaining({ 'content-type': 'application/json', 'idempotency-key': sent.id }),
      body: { messageId: sent.id, to: sent.to, text: sent.text },
    });
    expect(gateway.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('takes 2xx as sent, a 4xx other than 408 and 429 as permanent, everything else as worth retrying', async () => {
    const sender = new HttpGatewaySender({ url: gateway.url, token: 't0ken' });
    const outcomes = [];
    for (const status of statuses.slice(1)) outcomes.push([status, await outcome(sender)]);
    const permanent = (status: number) => ({ kind: 'permanent', name: 'PermanentDeliveryError', code: undefined, status });
    const retry = (status: number) => ({ kind: 'retry', name: 'DeliveryError', code: undefined, status });
    expect(outcomes).toEqual([
      [202, 'sent'],
      [204, 'sent'],
      [400, permanent(400)],
      [401, permanent(401)],
      [404, permanent(404)],
      [408, retry(408)],
      [422, permanent(422)],
      [429, retry(429)],
      [500, retry(500)],
      [502, retry(502)],
      [503, retry(503)],
    ]);
    expect(gateway.requests.slice(1).every((request) => request.headers.authorization === 'Bearer t0ken')).toBe(true);
  });

  it('retries when the gateway cannot be reached or does not answer in time, naming only the cause', async () => {
    const closed = await startTestGateway();
    await closed.close();
    expect(await outcome(new HttpGatewaySender({ url: closed.url }))).toEqual({ kind: 'retry', name: 'DeliveryError', code: 'ECONNREFUSED', status: undefined });

    const silent = await startTestGateway(() => 'hang');
    try {
      expect(await outcome(new HttpGatewaySender({ url: silent.url, timeoutMs: 50 }))).toEqual({ kind: 'retry', name: 'DeliveryError', code: 'TimeoutError', status: undefined });
    } finally {
      await silent.close();
    }
  });
});
