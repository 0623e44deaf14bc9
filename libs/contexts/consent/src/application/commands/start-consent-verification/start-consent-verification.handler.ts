/**
 * İYS C8, step 1 — `POST /sps/{iysCode}/brands/{brandCode}/consents/overIys` ("startProcess"): the
 * provider asks the registry to collect a recipient's consent; the registry sends the recipient a
 * one-time code. Step 2 is CompleteConsentVerificationHandler (`…/consents/verificationCode`).
 *
 * DESIGN (iys-api.md Part A item 10 and §3.8; the sources give the codes but no body schema):
 *
 * - Body `{ recipient, recipientType, type, source }`, exactly these fields (others → H118).
 *   · `type` must be MESAJ or ARAMA: the registry collects consent only by SMS or by call; EPOSTA (or
 *     anything not MESAJ/ARAMA) → H459.
 *   · `source` names the registry channel and must fit the type (H452's own wording pairs them):
 *     MESAJ ↔ IYS_KISAMESAJ (the code goes by SMS), ARAMA ↔ IYS_CM (the registry's call centre calls
 *     and reads the code out). Anything else → H452. Missing → H113.
 *   · MESAJ needs a phone recipient → H464. ARAMA with a non-phone → H121, exactly as C1 answers it.
 *     A malformed phone number is H121 for both types (the more precise code).
 *   These request-only problems are reported together (422).
 * - The brand must be an active brand of the provider (H195, like C1), else no process is created.
 * - Limits, per recipient: the opaque recipient id of the normalised address, across all brands and
 *   providers (İYS words both codes per recipient; their point is to protect the recipient from being
 *   pestered, whoever asks). Every started process counts, whatever became of it.
 *   · at most 2 processes per Europe/Istanbul calendar day of the registry clock → H453;
 *   · none within 3 minutes of the recipient's previous one → H465.
 *   H453 is checked first: waiting 3 minutes would not help. Both run under a per-recipient advisory
 *   lock inside the insert's transaction, so two concurrent starts cannot both slip under a limit.
 * - The process, `consent.verification_processes`: requestId (uuid), iysCode, brandCode, recipientId,
 *   the address SEALED under the recipient's data key (PiiVault; never in clear), type,
 *   recipientType, source, the code as HMAC-SHA256 with a per-process salt under a key kept outside
 *   the database (VerificationCodeHasher — a bare 6-digit code, or an unkeyed hash of it, is never
 *   stored), createdAt, expiresAt, attempts, status (pending → verified → completed | rejected; closed
 *   after 5 wrong codes).
 * - Expiry: 10 minutes. The 3-minute rule spaces the *starts* of processes, it does not say how long
 *   one lives; 3 minutes would be too short for a queued call-centre call or a delayed SMS. 10 minutes
 *   is the usual one-time-code window, and with 5 attempts the odds of guessing stay at 5 in 10⁶.
 * - The message goes into the registry's outbox (`outbox.messages`, @iys/platform/outbox, ADR 0018)
 *   in the SAME transaction as the process, so a process exists if and only if its message is
 *   queued: channel `sms` (IYS_KISAMESAJ) or `call` (IYS_CM), template `consent-verification.sms|call`
 *   (consent-verification.templates.ts), params without address or code (requestId, iysCode,
 *   brandCode, type, validMinutes), the address sealed, and the code sealed (`sealed_params`); the
 *   dispatcher opens them through the vault at the last moment. An erased recipient's pending
 *   message is dropped, unread, with everything else about them.
 * - Response `{ requestId }` (200). The code is never returned, logged or stored in clear.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, istanbulDay, istanbulDayBounds, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR, IysHttpException, iysErrorItem, type IysErrorItem } from '@iys/platform/nest';
import type { OutboxChannel } from '@iys/platform/outbox';
import { PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import type { RegistrySource } from '../../../domain/consent.events.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { providerContext } from '../../consent-actor.js';
import { normaliseRecipient } from '../../consent-registrar.js';
import { VERIFICATION_PROCESSES, type VerificationProcesses } from '../../verification-processes.port.js';
import { StartConsentVerificationCommand, type ConsentVerificationRequest } from './start-consent-verification.command.js';
import {
  MAX_PROCESSES_PER_RECIPIENT_PER_DAY,
  MIN_MINUTES_BETWEEN_PROCESSES,
  VERIFICATION_CODE_GENERATOR,
  VERIFICATION_CODE_PATTERN,
  VERIFICATION_VALIDITY_MINUTES,
  VerificationCodeHasher,
  verificationRule as rule,
  type VerificationCodeGenerator,
} from './verification-code.js';

/** The overIys response. */
export interface ConsentVerificationStarted {
  requestId: string;
}

/** Consent types the registry can collect itself, with the registry source (channel) each needs (H452). */
export const VERIFICATION_SOURCES = { MESAJ: 'IYS_KISAMESAJ', ARAMA: 'IYS_CM' } as const satisfies Record<string, RegistrySource>;
type VerifiableType = keyof typeof VERIFICATION_SOURCES;

const CHANNELS: Record<(typeof VERIFICATION_SOURCES)[VerifiableType], OutboxChannel> = { IYS_KISAMESAJ: 'sms', IYS_CM: 'call' };

@CommandHandler(StartConsentVerificationCommand)
export class StartConsentVerificationHandler implements ICommandHandler<StartConsentVerificationCommand, ConsentVerificationStarted> {
  constructor(
    @Inject(VERIFICATION_PROCESSES) private readonly processes: VerificationProcesses,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(VERIFICATION_CODE_GENERATOR) private readonly codes: VerificationCodeGenerator,
    @Inject(VerificationCodeHasher) private readonly hasher: VerificationCodeHasher,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute({ iysCode, brandCode, request, principal }: StartConsentVerificationCommand): Promise<ConsentVerificationStarted> {
    const { type, source, address } = checkRequest(request);
    await this.brands.activationDateOf(iysCode, brandCode);

    // Registering the address (if new) outside the transaction is harmless: the id is opaque and stable.
    const [recipientId] = await this.vault.resolveMany([address]);
    const requestId = this.ids.next().toLowerCase();
    const code = this.codes.next();
    if (!VERIFICATION_CODE_PATTERN.test(code)) throw new Error('the verification code generator must produce exactly 6 digits');
    const [sealedRecipient, sealedParams] = await this.vault.encryptMany([
      { recipientId, plaintext: address.value },
      { recipientId, plaintext: JSON.stringify({ verificationCode: code }) },
    ]);
    const sealedCode = this.hasher.seal(requestId, code);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + VERIFICATION_VALIDITY_MINUTES * 60_000);
    const actor = providerContext(principal, iysCode, brandCode);

    const { start, endExclusive } = istanbulDayBounds(istanbulDay(now));
    const spacing = MIN_MINUTES_BETWEEN_PROCESSES * 60_000;
    const channel = CHANNELS[source];
    await this.processes.start(
      {
        requestId,
        iysCode,
        brandCode,
        recipientId,
        recipient: sealedRecipient,
        recipientType: request.recipientType,
        type,
        source,
        codeSalt: sealedCode.salt,
        codeHash: sealedCode.hash,
        createdAt: now,
        expiresAt,
        actor: { actorKind: actor.actorKind, actorId: actor.actorId },
      },
      {
        id: this.ids.next().toLowerCase(),
        channel,
        recipientId,
        recipient: sealedRecipient,
        template: `consent-verification.${channel}`,
        params: { requestId, iysCode, brandCode, type, validMinutes: VERIFICATION_VALIDITY_MINUTES },
        sealedParams,
        createdAt: now,
      },
      { dayStart: start, dayEnd: endExclusive, since: new Date(Math.min(start.getTime(), now.getTime() - spacing)) },
      ({ today, latest }) => {
        if (today >= MAX_PROCESSES_PER_RECIPIENT_PER_DAY) throw rule('H453', ['recipient']);
        if (latest !== null && now.getTime() - latest.getTime() < spacing) throw rule('H465', ['recipient']);
      },
    );
    return { requestId };
  }
}

/** The rules the request alone decides, reported together (all 422); the recipient's address when they pass. */
function checkRequest(request: ConsentVerificationRequest): { type: VerifiableType; source: (typeof VERIFICATION_SOURCES)[VerifiableType]; address: NormalisedAddress } {
  if (!isVerifiableType(request.type)) throw new IysHttpException(422, [iysErrorItem('H459', { location: ['type'], value: request.type })]);
  const type = request.type;
  const problems: IysErrorItem[] = [];
  const expectedSource = VERIFICATION_SOURCES[type];
  if (request.source !== expectedSource) problems.push(iysErrorItem('H452', { location: ['source'] }));
  const address = normaliseRecipient(request.recipient);
  const phone = !(address instanceof DomainError) && address.kind === 'phone' ? address : undefined;
  if (phone === undefined) {
    const malformedPhone = address instanceof DomainError && address.code === 'H121';
    problems.push(iysErrorItem(type === 'MESAJ' && !malformedPhone ? 'H464' : 'H121', { location: ['recipient'] }));
  }
  if (problems.length > 0 || phone === undefined) throw new IysHttpException(422, problems);
  return { type, source: expectedSource, address: phone };
}

function isVerifiableType(type: string): type is VerifiableType {
  return Object.hasOwn(VERIFICATION_SOURCES, type);
}
