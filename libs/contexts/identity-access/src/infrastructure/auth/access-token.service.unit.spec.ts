import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_SECONDS } from '../../application/token-issuer.port.js';
import { AccessTokenService } from './access-token.service.js';

/** A verified token is remembered (docs/adr/0063), never past its expiry, and nothing else gets in. */
describe('AccessTokenService', () => {
  const key = randomBytes(32);
  const at = { ms: Date.parse('2026-12-07T10:00:00Z') };
  const clock = { now: () => new Date(at.ms) };
  const subject = { userId: 'u-1', sessionId: 's-1' };

  it('verifies a token, again from memory, and refuses it once expired although remembered', async () => {
    const service = new AccessTokenService(key, clock);
    const token = await service.issue(subject);
    expect(await service.verify(token)).toMatchObject(subject);
    expect(await service.verify(token)).toMatchObject(subject);
    at.ms += ACCESS_TOKEN_SECONDS * 1000;
    expect(await service.verify(token)).toBeUndefined();
    at.ms = Date.parse('2026-12-07T10:00:00Z');
  });

  it('refuses a tampered token, and one signed with another key, after a good one was remembered', async () => {
    const service = new AccessTokenService(key, clock);
    const token = await service.issue(subject);
    expect(await service.verify(token)).toMatchObject(subject);
    const [header, payload, signature] = token.split('.');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(await service.verify(`${header}.${payload}.${flipped}`)).toBeUndefined();
    const other = await new AccessTokenService(randomBytes(32), clock).issue(subject);
    expect(await service.verify(other)).toBeUndefined();
  });
});
