import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '@iys/platform/building-blocks';
import { integratorDecider } from './integrator.decider.js';

const register = { type: 'RegisterIntegrator' as const, integratorId: 'i-1', integratorCode: 7, title: '  Entegratör A.Ş. ' };

describe('integrator decider', () => {
  it('registers an integrator with its trimmed title', () => {
    expect(integratorDecider.decide(register, integratorDecider.initialState())).toEqual([
      { type: 'service-provider.IntegratorRegistered', data: { integratorId: 'i-1', integratorCode: 7, title: 'Entegratör A.Ş.' } },
    ]);
  });

  it('refuses an empty or over-long title with H618', () => {
    for (const title of ['   ', 'x'.repeat(256)]) {
      let refused: unknown;
      try {
        integratorDecider.decide({ ...register, title }, integratorDecider.initialState());
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({ code: 'H618', location: ['title'] });
    }
  });

  it('changes nothing when the integrator is already registered', () => {
    const state = foldEvents(integratorDecider, integratorDecider.decide(register, integratorDecider.initialState()));
    expect(state).toEqual({ registered: true, integratorCode: 7, title: 'Entegratör A.Ş.' });
    expect(integratorDecider.decide(register, state)).toEqual([]);
  });
});
