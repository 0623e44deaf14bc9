import { DomainError, type Decider } from '@iys/platform/building-blocks';

/** A value sealed by the vault (its envelope, opaque here: the domain knows no cipher). */
export type SealedSecret = { [key: string]: string };

/**
 * The panel's second factor (docs/adr/0055): a user's TOTP enrolment (stream `apiUserTotp-<userId>`)
 * and a provider's requirement of it for all of its users (stream `providerTotpPolicy-<iysCode>`).
 * The secret enters an event only sealed under the enrolment's own vault subject; codes never do,
 * only the time step a code was accepted for, so that no code is accepted twice.
 */
export type SecondFactorEvent =
  | { type: 'identity-access.TotpEnrolmentStarted'; data: { userId: string; enrolmentId: string; secret: SealedSecret; startedAt: string } }
  | { type: 'identity-access.TotpEnabled'; data: { userId: string; enrolmentId: string; step: number; enabledAt: string } }
  | { type: 'identity-access.TotpCodeAccepted'; data: { userId: string; step: number; acceptedAt: string } }
  | { type: 'identity-access.TotpDisabled'; data: { userId: string; enrolmentId: string; disabledBy: string; disabledAt: string } };

export type ProviderTotpPolicyEvent = {
  type: 'identity-access.ProviderTotpRequirementSet';
  data: { iysCode: number; required: boolean; setBy: string; setAt: string };
};

/** Our codes for the second factor (H830–H839, docs/error-codes.md). */
export const SECOND_FACTOR_ERRORS = {
  H830: { status: 401, message: 'İki adımlı doğrulama kodu gereklidir.' },
  H831: { status: 401, message: 'Doğrulama kodu geçersiz, süresi dolmuş veya daha önce kullanılmış.' },
  H832: { status: 409, message: 'Başlatılmış bir iki adımlı doğrulama kaydı yok.' },
  H833: { status: 409, message: 'İki adımlı doğrulama zaten etkin.' },
  H834: { status: 409, message: 'İki adımlı doğrulama etkin değil.' },
  H835: { status: 409, message: 'Hizmet sağlayıcınız iki adımlı doğrulamayı zorunlu kılmıştır; kapatılamaz.' },
  H836: { status: 409, message: 'Zorunlu kılmadan önce kendi hesabınızda iki adımlı doğrulamayı etkinleştiriniz.' },
} as const;

export const secondFactorError = (code: keyof typeof SECOND_FACTOR_ERRORS) => new DomainError(code, SECOND_FACTOR_ERRORS[code].message);

export type TotpState =
  | { status: 'off'; lastStep: number; enrolmentId?: string }
  | { status: 'pending' | 'on'; enrolmentId: string; secret: SealedSecret; lastStep: number };

export type TotpCommand =
  | { type: 'StartTotpEnrolment'; userId: string; enrolmentId: string; secret: SealedSecret; at: string }
  /** `step`: the time step of the code the user typed, already checked against the pending secret. */
  | { type: 'ConfirmTotpEnrolment'; userId: string; step: number; at: string }
  | { type: 'AcceptTotpCode'; userId: string; step: number; at: string }
  | { type: 'DisableTotp'; userId: string; by: string; enforced: boolean; byAdmin: boolean; at: string };

export const totpDecider: Decider<TotpCommand, SecondFactorEvent, TotpState> = {
  initialState: () => ({ status: 'off', lastStep: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'StartTotpEnrolment':
        if (state.status === 'on') throw secondFactorError('H833');
        return [{ type: 'identity-access.TotpEnrolmentStarted', data: { userId: command.userId, enrolmentId: command.enrolmentId, secret: command.secret, startedAt: command.at } }];
      case 'ConfirmTotpEnrolment':
        if (state.status !== 'pending') throw secondFactorError(state.status === 'on' ? 'H833' : 'H832');
        if (command.step <= state.lastStep) throw secondFactorError('H831');
        return [{ type: 'identity-access.TotpEnabled', data: { userId: command.userId, enrolmentId: state.enrolmentId, step: command.step, enabledAt: command.at } }];
      case 'AcceptTotpCode':
        if (state.status !== 'on') throw secondFactorError('H834');
        // A code seen once is spent: replaying it, or an older one, is refused (RFC 6238 §5.2).
        if (command.step <= state.lastStep) throw secondFactorError('H831');
        return [{ type: 'identity-access.TotpCodeAccepted', data: { userId: command.userId, step: command.step, acceptedAt: command.at } }];
      case 'DisableTotp':
        if (state.status === 'off') throw secondFactorError('H834');
        if (command.enforced && !command.byAdmin && state.status === 'on') throw secondFactorError('H835');
        return [{ type: 'identity-access.TotpDisabled', data: { userId: command.userId, enrolmentId: state.enrolmentId, disabledBy: command.by, disabledAt: command.at } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'identity-access.TotpEnrolmentStarted':
        return { status: 'pending', enrolmentId: event.data.enrolmentId, secret: event.data.secret, lastStep: state.lastStep };
      case 'identity-access.TotpEnabled':
        return state.status === 'off' ? state : { ...state, status: 'on', lastStep: event.data.step };
      case 'identity-access.TotpCodeAccepted':
        return { ...state, lastStep: event.data.step };
      case 'identity-access.TotpDisabled':
        return { status: 'off', lastStep: state.lastStep, enrolmentId: event.data.enrolmentId };
    }
  },
};

export type TotpPolicyCommand = { type: 'SetTotpRequirement'; iysCode: number; required: boolean; setBy: string; byAdmin: boolean; actorHasTotp: boolean; at: string };

export const totpPolicyDecider: Decider<TotpPolicyCommand, ProviderTotpPolicyEvent, { required: boolean }> = {
  initialState: () => ({ required: false }),
  decide(command, state) {
    if (command.required === state.required) return [];
    // A provider user who turned it on without a second factor of their own would lock themselves out.
    if (command.required && !command.byAdmin && !command.actorHasTotp) throw secondFactorError('H836');
    return [{ type: 'identity-access.ProviderTotpRequirementSet', data: { iysCode: command.iysCode, required: command.required, setBy: command.setBy, setAt: command.at } }];
  },
  evolve: (_state, event) => ({ required: event.data.required }),
};
