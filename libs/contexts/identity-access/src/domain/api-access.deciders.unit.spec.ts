import { describe, expect, it } from '@jest/globals';
import { foldEvents, type DomainError } from '@iys/platform/building-blocks';
import { apiUserDecider, sessionDecider } from './api-access.deciders.js';

const start = sessionDecider.decide(
  { type: 'StartSession', sessionId: 's1', userId: 'u1', refreshTokenHash: 'h1', refreshExpiresAt: '2026-11-23T14:00:00.000Z', now: '2026-11-23T10:00:00.000Z' },
  sessionDecider.initialState(),
);
const refresh = (presentedTokenHash: string, now = '2026-11-23T11:00:00.000Z') => ({
  type: 'RefreshSession' as const,
  presentedTokenHash,
  nextTokenHash: `${presentedTokenHash}+`,
  refreshExpiresAt: '2026-11-23T15:00:00.000Z',
  now,
});
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};

describe('session decider', () => {
  it('rotates the refresh token on each use', () => {
    const [refreshed] = sessionDecider.decide(refresh('h1'), foldEvents(sessionDecider, start));
    expect(refreshed).toMatchObject({ type: 'service-provider.SessionRefreshed', data: { refreshTokenHash: 'h1+' } });
  });

  it('revokes the whole session when a retired token comes back', () => {
    const [refreshed] = sessionDecider.decide(refresh('h1'), foldEvents(sessionDecider, start));
    const state = foldEvents(sessionDecider, [...start, refreshed]);
    expect(sessionDecider.decide(refresh('h1'), state)).toEqual([
      { type: 'service-provider.SessionRevoked', data: { sessionId: 's1', reason: 'refresh-token-reuse' } },
    ]);
  });

  it('refuses expired refresh tokens and revoked sessions', () => {
    expect(codeOf(() => sessionDecider.decide(refresh('h1', '2026-11-23T14:00:01.000Z'), foldEvents(sessionDecider, start)))).toBe('H251');
    const revoked = sessionDecider.decide({ type: 'RevokeSession', reason: 'logout' }, foldEvents(sessionDecider, start));
    expect(codeOf(() => sessionDecider.decide(refresh('h1'), foldEvents(sessionDecider, [...start, ...revoked])))).toBe('H251');
    expect(sessionDecider.decide({ type: 'RevokeSession', reason: 'logout' }, foldEvents(sessionDecider, [...start, ...revoked]))).toEqual([]);
  });
});

describe('API user decider', () => {
  const create = { type: 'CreateApiUser' as const, userId: 'u1', username: 'ornek-api', role: 'provider' as const, iysCode: 600001, integratorCode: null, allowedIps: [], passwordHash: 'scrypt$…', createdBy: 'admin' };

  it('creates a user bound to the right kind of code', () => {
    expect(apiUserDecider.decide(create, apiUserDecider.initialState())[0].type).toBe('service-provider.ApiUserCreated');
    expect(codeOf(() => apiUserDecider.decide({ ...create, iysCode: null }, apiUserDecider.initialState()))).toBe('H624');
    expect(codeOf(() => apiUserDecider.decide({ ...create, role: 'integrator', iysCode: null }, apiUserDecider.initialState()))).toBe('H629');
    expect(codeOf(() => apiUserDecider.decide({ ...create, username: 'a b' }, apiUserDecider.initialState()))).toBe('H622');
  });

  it('disables once', () => {
    const created = apiUserDecider.decide(create, apiUserDecider.initialState());
    const disabled = apiUserDecider.decide({ type: 'DisableApiUser', disabledBy: 'admin' }, foldEvents(apiUserDecider, created));
    expect(disabled).toHaveLength(1);
    expect(apiUserDecider.decide({ type: 'DisableApiUser', disabledBy: 'admin' }, foldEvents(apiUserDecider, [...created, ...disabled]))).toEqual([]);
  });
});
