import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { agreementDecider } from '../../../domain/agreement.decider.js';
import { AgreementStore } from '../../agreement-store.js';
import { MovementFileSource } from '../../movement-file.source.js';
import { agreementStreamId } from '../../reconciliation-streams.js';
import { ReportScope } from '../../report-scope.js';
import { CaptureAgreementCommand, type AgreementCaptured } from './capture-agreement.command.js';

export type { AgreementCaptured };

/**
 * M3: records `reconciliation.AgreementCaptured` once per brand and day, with the hash of the file
 * the provider agreed to. A second capture (or a concurrent twin, via the stream's expected version)
 * writes nothing and answers the same.
 */
@CommandHandler(CaptureAgreementCommand)
export class CaptureAgreementHandler implements ICommandHandler<CaptureAgreementCommand, AgreementCaptured> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ReportScope) private readonly scopes: ReportScope,
    @Inject(MovementFileSource) private readonly files: MovementFileSource,
    @Inject(AgreementStore) private readonly agreements: AgreementStore,
  ) {}

  async execute({ iysCode, brandCode, reportDate, principal }: CaptureAgreementCommand): Promise<AgreementCaptured> {
    const scope = await this.scopes.open({ iysCode, brandCode, reportDate }, { kind: 'completed-day' });
    if ((await this.agreements.stateOf(scope)).captured) return { agreementCaptured: true };
    const hashValue = await this.files.sha256(scope);
    await handleCommand(
      this.store,
      agreementDecider,
      agreementStreamId(iysCode, brandCode, scope.day),
      { type: 'CaptureAgreement', iysCode, brandCode, reportDate: scope.day, hashValue, capturedBy: principal.userId },
      { metadata: { actorKind: principal.role === 'integrator' ? 'integrator' : 'service-provider', actorId: principal.userId, channel: 'api' } },
    );
    return { agreementCaptured: true };
  }
}
