import type { Decider } from '@iys/platform/building-blocks';
import type { IntegratorEvent } from './service-provider.events.js';
import { serviceProviderError } from './service-provider.errors.js';

export type IntegratorState = { registered: false } | { registered: true; integratorCode: number; title: string };

export type IntegratorCommand = { type: 'RegisterIntegrator'; integratorId: string; integratorCode: number; title: string };

const MAX_TITLE_LENGTH = 255;

/** An integrator (iş ortağı) the registry licensed: stream `integrator-<integratorId>`. */
export const integratorDecider: Decider<IntegratorCommand, IntegratorEvent, IntegratorState> = {
  initialState: () => ({ registered: false }),

  decide(command, state) {
    const title = command.title.trim();
    if (!title || command.title.length > MAX_TITLE_LENGTH) throw serviceProviderError('H618', ['title']);
    // Registering the same integrator id again (a retried command) changes nothing.
    if (state.registered) return [];
    return [{ type: 'service-provider.IntegratorRegistered', data: { integratorId: command.integratorId, integratorCode: command.integratorCode, title } }];
  },

  evolve(_state, event) {
    return { registered: true, integratorCode: event.data.integratorCode, title: event.data.title };
  },
};
