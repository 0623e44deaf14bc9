import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK, IysHttpException } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress, PiiVault } from '@iys/platform/pii';
import { checkApplicationDetails, serviceProviderDecider } from '../../../domain/service-provider.decider.js';

import { emailDomain } from '../../../domain/value-objects/corporate-email.js';
import { serviceProviderStream } from '../../service-provider-streams.js';
import { SubmitApplicationCommand } from './submit-application.command.js';

/**
 * A company applies to send commercial messages. The signatory's details are checked in clear,
 * then sealed with the signatory's own data key: they never reach an event, a log or an error.
 */
@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand, string> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ applicationId, details }: SubmitApplicationCommand): Promise<string> {
    const mobile = normalisedOrUndefined(details.signatory.mobile, 'phone');
    const email = normalisedOrUndefined(details.signatory.email, 'email');
    const signatory = { ...details.signatory, mobile: mobile ?? '', email: email ?? '' };
    try {
      checkApplicationDetails({ ...details, signatory });
    } catch (error) {
      if (error instanceof AggregateError) throw asValidationFailure(error.errors as DomainError[]);
      throw error;
    }

    const { recipientId: subjectId } = await this.vault.resolveRecipientId(signatory.mobile);
    const [name, nationalId, sealedMobile, sealedEmail] = await this.vault.encryptMany(
      [signatory.name, signatory.nationalId, signatory.mobile, signatory.email].map((plaintext) => ({ recipientId: subjectId, plaintext })),
    );
    await handleCommand(
      this.store,
      serviceProviderDecider,
      serviceProviderStream(applicationId),
      {
        type: 'SubmitApplication',
        applicationId,
        title: details.title.trim(),
        mersis: details.mersis,
        taxNumber: details.taxNumber,
        address: details.address,
        signatory: { subjectId, sealed: { name, nationalId, mobile: sealedMobile, email: sealedEmail }, emailDomain: emailDomain(signatory.email)! },
        brands: details.brands.map((b) => ({ name: b.name.trim(), approvedAddressCount: b.approvedAddressCount })),
        submittedAt: this.clock.now().toISOString(),
      },
      { commandId: `submit-application:${applicationId}`, metadata: { actorKind: 'service-provider', channel: 'api' } },
    );
    return applicationId;
  }
}

function normalisedOrUndefined(raw: string, kind: 'phone' | 'email'): string | undefined {
  try {
    const normalised = normaliseAddress(raw);
    return normalised.kind === kind ? normalised.value : undefined;
  } catch (error) {
    if (error instanceof InvalidAddressError) return undefined;
    throw error;
  }
}

/** Every rule the application broke, at once, as İYS reports validation (422). */
export function asValidationFailure(problems: DomainError[]): IysHttpException {
  return new IysHttpException(
    422,
    problems.map((problem) => ({ code: problem.code, message: problem.message, location: problem.location })),
  );
}

