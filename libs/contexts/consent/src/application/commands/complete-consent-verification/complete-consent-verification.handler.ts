import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, formatIysDateTime, parseIysDateTime, type Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { providerContext } from '../../consent-actor.js';
import { ConsentRegistrar, type PreparedConsent, type RegistrationContext, type RegistrationOutcome } from '../../consent-registrar.js';
import { MAX_VERIFICATION_ATTEMPTS, VerificationCodeHasher, verificationRule as rule } from '../start-consent-verification/verification-code.js';
import { VERIFICATION_PROCESSES, type Verdict, type VerificationProcesses } from '../../verification-processes.port.js';
import { CompleteConsentVerificationCommand } from './complete-consent-verification.command.js';

/** The verificationCode response: C1's. */
export interface ConsentVerificationCompleted {
  transactionId: string;
  creationDate: string;
}

/**
 * İYS C8, step 2 — `POST /sps/{iysCode}/brands/{brandCode}/consents/verificationCode` ("endProcess"):
 * the provider submits the code the recipient received; if it is right, the recipient's ONAY is
 * recorded for the brand. Design of the process: StartConsentVerificationHandler.
 *
 * - Shape (the controller's DTO): `requestId` a UUID (H454), `verificationCode` 6 digits (H455).
 * - The process must exist for this provider AND brand, be pending and unexpired (or verified, see
 *   below) → else H456. Unknown, expired, another brand's, already completed, rejected or closed
 *   processes all answer H456, so the answer reveals nothing about other providers' processes.
 * - A wrong code → H460 and one attempt used; the 5th wrong code closes the process (then H456).
 * - The right code: the process becomes `verified` (with the instant, which becomes the consentDate)
 *   in a short transaction; then the ONAY is written through ConsentRegistrar with the command id
 *   `consent-verification:<requestId>`; then the process is `completed` with the transaction id.
 *   No connection is held across the write, and a crash or transient failure between the steps
 *   leaves the process `verified`: submitting the right code again finishes it, and the command id
 *   guarantees the consent is written at most once (a retry returns the first outcome).
 * - If the consent rules refuse the ONAY (e.g. H174: the recipient already approved the brand; H195:
 *   the brand was deactivated meanwhile) that is the answer, and the process is `rejected` for good.
 * - Response like C1: `{ transactionId, creationDate }`. A second completion → H456.
 */
@CommandHandler(CompleteConsentVerificationCommand)
export class CompleteConsentVerificationHandler implements ICommandHandler<CompleteConsentVerificationCommand, ConsentVerificationCompleted> {
  constructor(
    @Inject(VERIFICATION_PROCESSES) private readonly processes: VerificationProcesses,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(VerificationCodeHasher) private readonly hasher: VerificationCodeHasher,
  ) {}

  async execute({ iysCode, brandCode, requestId: rawRequestId, verificationCode, principal }: CompleteConsentVerificationCommand): Promise<ConsentVerificationCompleted> {
    const requestId = rawRequestId.toLowerCase();
    const verdict = await this.verify(iysCode, brandCode, requestId, verificationCode);
    if (verdict.kind === 'unknown') throw rule('H456', ['requestId']);
    if (verdict.kind === 'wrong') throw rule('H460', ['verificationCode']);
    const { process } = verdict;

    // The consent was obtained BY the registry, through its own SMS short number or call centre, so it
    // carries the registry source (IYS_KISAMESAJ / IYS_CM), and the decider accepts registry sources only
    // from origin 'IYS' (from 'HS' they are H119, "a provider never sends İYS's channels"). The source is
    // not a client's free choice: the start handler admitted exactly the one channel the type allows,
    // and that channel is the one that carried the code. So origin 'IYS', like a recipient acting in
    // the registry; the movement appears in the pull (C6) under source=IYS. The metadata still records
    // who asked: the provider's user or integrator, channel 'overIys'.
    const context: RegistrationContext = {
      ...providerContext(principal, iysCode, brandCode),
      origin: 'IYS',
      channel: 'overIys',
      commandIds: [`consent-verification:${requestId}`],
    };
    const consent: PreparedConsent = {
      recipientId: process.recipientId,
      recipient: process.recipient,
      addressKind: 'phone',
      recipientType: process.recipientType,
      type: process.type,
      status: 'ONAY',
      // When the recipient's code was accepted, in whole seconds as the wire shows it.
      consentDate: parseIysDateTime(formatIysDateTime(process.verifiedAt))!.toISOString(),
      source: process.source,
      retailerCode: null,
      retailerAccess: [],
    };

    let outcome: RegistrationOutcome;
    try {
      [outcome] = await this.registrar.apply([consent], context);
    } catch (error) {
      // H195 (brand deactivated) is thrown rather than returned; anything else stays a failure and
      // leaves the process `verified` for a retry.
      if (!(error instanceof DomainError)) throw error;
      outcome = { ok: false, error };
    }
    const finishedAt = this.clock.now();
    if (!outcome.ok) {
      await this.processes.finish(requestId, { errorCode: outcome.error.code }, finishedAt);
      throw outcome.error;
    }
    await this.processes.finish(requestId, { transactionId: outcome.transactionId }, finishedAt);
    return { transactionId: outcome.transactionId, creationDate: formatIysDateTime(outcome.creationDate) };
  }

  /** Checks the code under the process's row lock and records the attempt; commits before any consent is written. */
  private verify(iysCode: number, brandCode: number, requestId: string, code: string): Promise<Verdict> {
    const now = this.clock.now();
    return this.processes.verify({ requestId, iysCode, brandCode }, now, MAX_VERIFICATION_ATTEMPTS, (process) => {
      if (process === undefined) return 'unknown';
      const live = (process.status === 'pending' && now.getTime() < process.expiresAt.getTime()) || process.status === 'verified';
      if (!live) return 'unknown';
      return this.hasher.matches({ salt: process.codeSalt, hash: process.codeHash }, requestId, code) ? 'right' : 'wrong';
    });
  }
}
