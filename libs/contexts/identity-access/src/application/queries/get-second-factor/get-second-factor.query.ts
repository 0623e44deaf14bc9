import { Query } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** The signed-in user's second factor and whether their provider requires one. */
export class GetSecondFactorQuery extends Query<{ status: 'off' | 'pending' | 'on'; required: boolean }> {
  constructor(readonly principal: Principal) {
    super();
  }
}
