import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SecondFactor } from '../../second-factor.js';
import { GetSecondFactorQuery } from './get-second-factor.query.js';

@QueryHandler(GetSecondFactorQuery)
export class GetSecondFactorHandler implements IQueryHandler<GetSecondFactorQuery, { status: 'off' | 'pending' | 'on'; required: boolean }> {
  constructor(@Inject(SecondFactor) private readonly factors: SecondFactor) {}

  async execute({ principal }: GetSecondFactorQuery): Promise<{ status: 'off' | 'pending' | 'on'; required: boolean }> {
    const [state, required] = await Promise.all([this.factors.stateOf(principal.userId), this.factors.requiredFor(principal.iysCode)]);
    return { status: state.status, required };
  }
}
