import { Inject, Injectable } from '@nestjs/common';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { totpDecider, totpPolicyDecider, type ProviderTotpPolicyEvent, type SecondFactorEvent, type TotpState } from '../domain/second-factor.deciders.js';
import { ACCOUNTS, type Accounts } from './accounts.port.js';
import { totpPolicyStream, totpStream } from './identity-access-streams.js';
import { matchingTotpStep, newTotpSecret, otpauthUri } from './totp.js';

export interface TotpEnrolment {
  /** Base32, shown once to be typed or scanned into an authenticator app; never stored in clear. */
  secret: string;
  otpauthUri: string;
}

const ISSUER = 'İYS';

/**
 * Reads and keeps a user's second factor: the state folded from the user's TOTP stream, the
 * provider's requirement, the sealed secret opened only to check a code.
 */
@Injectable()
export class SecondFactor {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stateOf(userId: string): Promise<TotpState> {
    const events = await this.store.readStream(totpStream(userId));
    return events.reduce((state, e) => totpDecider.evolve(state, toDomainEvent<SecondFactorEvent>(e)), totpDecider.initialState());
  }

  async requiredFor(iysCode: number | null | undefined): Promise<boolean> {
    if (iysCode === null || iysCode === undefined) return false;
    const events = await this.store.readStream(totpPolicyStream(iysCode));
    return events.reduce((state, e) => totpPolicyDecider.evolve(state, toDomainEvent<ProviderTotpPolicyEvent>(e)), totpPolicyDecider.initialState()).required;
  }

  /** The time step of a code valid for the state's secret (pending or on), or undefined. */
  async stepOf(state: TotpState, code: string): Promise<number | undefined> {
    if (state.status === 'off') return undefined;
    const secret = await this.vault.decrypt(state.secret as EncryptedValue);
    return matchingTotpStep(secret, code, this.clock.now());
  }

  /** A fresh secret sealed under a new vault subject and recorded as pending; an earlier pending one is shredded. */
  async startEnrolment(userId: string, metadata: { actorKind: 'service-provider' | 'integrator' | 'admin' | 'authority' | 'system' | 'dealer' | 'call-centre-agent'; actorId: string; channel: string }): Promise<TotpEnrolment> {
    const before = await this.stateOf(userId);
    const secret = newTotpSecret();
    const enrolmentId = this.ids.next();
    await this.vault.createSubject(enrolmentId);
    const sealed = await this.vault.encrypt(enrolmentId, secret);
    await handleCommand(this.store, totpDecider, totpStream(userId), { type: 'StartTotpEnrolment', userId, enrolmentId, secret: sealed, at: this.clock.now().toISOString() }, { metadata });
    if (before.status === 'pending') await this.vault.shred(before.enrolmentId);
    const account = (await this.accounts.usernameOf(userId)) ?? userId;
    return { secret, otpauthUri: otpauthUri(ISSUER, account, secret) };
  }

  /** The enrolment's key is destroyed: its sealed secret can no longer be opened. */
  async forget(enrolmentId: string): Promise<void> {
    await this.vault.shred(enrolmentId);
  }
}
