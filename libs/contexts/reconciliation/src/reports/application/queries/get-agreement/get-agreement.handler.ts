import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AgreementStore } from '../../agreement-store.js';
import { MovementFileSource } from '../../movement-file.source.js';
import { ReportScope } from '../../report-scope.js';
import { GetAgreementQuery, type AgreementInfo } from './get-agreement.query.js';

export type { AgreementInfo };

/**
 * M2: SHA-256 of exactly the bytes M4 serves for the day (the same producer, hashed as it streams),
 * for any completed day; `agreementStatus` is true once the provider captured its agreement (M3).
 */
@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery, AgreementInfo> {
  constructor(
    @Inject(ReportScope) private readonly scopes: ReportScope,
    @Inject(MovementFileSource) private readonly files: MovementFileSource,
    @Inject(AgreementStore) private readonly agreements: AgreementStore,
  ) {}

  async execute(query: GetAgreementQuery): Promise<AgreementInfo> {
    const scope = await this.scopes.open(query, { kind: 'completed-day' });
    const [hashValue, agreement] = await Promise.all([this.files.sha256(scope), this.agreements.stateOf(scope)]);
    return { processStatus: 'completed', hashValue, hashMethod: 'SHA-256', agreementStatus: agreement.captured };
  }
}
