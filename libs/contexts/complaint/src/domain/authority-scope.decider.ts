import type { Decider } from '@iys/platform/building-blocks';

/**
 * Which complaints an authority user handles: the whole ministry (province null) or one province's
 * directorate (plate code). Stream `authorityScope-<userId>`.
 */
export interface AuthorityScopeAssigned {
  type: 'complaint.AuthorityScopeAssigned';
  data: { userId: string; province: number | null; byUserId: string; at: string };
}

export type AuthorityScopeState = { assigned: false } | { assigned: true; province: number | null };

export interface AssignAuthorityScope {
  userId: string;
  province: number | null;
  byUserId: string;
  now: string;
}

export const authorityScopeStreamId = (userId: string) => `authorityScope-${userId}`;

export const authorityScopeDecider: Decider<AssignAuthorityScope, AuthorityScopeAssigned, AuthorityScopeState> = {
  initialState: () => ({ assigned: false }),
  evolve: (_, event) => ({ assigned: true, province: event.data.province }),
  decide(command, state) {
    // The same scope again changes nothing.
    if (state.assigned && state.province === command.province) return [];
    return [{ type: 'complaint.AuthorityScopeAssigned', data: { userId: command.userId, province: command.province, byUserId: command.byUserId, at: command.now } }];
  },
};
