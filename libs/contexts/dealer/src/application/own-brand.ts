import { DomainError } from '@iys/platform/building-blocks';
import type { ProjectionRunner } from '@iys/platform/event-store';
import { iysCodeEntry } from '@iys/platform/nest';
import type { DealerReadModel } from './dealer-read-model.port.js';
import { dealerBrandsProjection } from './projections/dealer-brands.projection.js';
import { retailersProjection } from './projections/retailers.projection.js';

/** How long a read waits for another context's events to reach this context's read models. */
const CATCH_UP_TIMEOUT_MS = 5_000;

/**
 * İYS H195: the brand in the path is not one of this provider's (active, when `active`) brands.
 * `dealer.brands` is projected asynchronously from service-provider events; a brand not found yet is
 * looked up again once the projection has reached the log's head (docs/adr/0052).
 */
export async function assertOwnBrand(
  { reads, runner }: { reads: DealerReadModel; runner: ProjectionRunner },
  iysCode: number,
  brandCode: number,
  { active = false } = {},
): Promise<void> {
  const found = await runner.readCaughtUp(
    dealerBrandsProjection,
    async () => ((await reads.ownsBrand(iysCode, brandCode, active)) ? true : undefined),
    { timeoutMs: CATCH_UP_TIMEOUT_MS },
  );
  if (!found) throw new DomainError('H195', iysCodeEntry('H195').message, ['brandCode']);
}

/**
 * `dealer.retailers` joins this context's roster with consent's access events, so it is async: the
 * retailer screens and R4 read it once it has reached the log's head (read-your-writes).
 */
export function retailersCaughtUp(runner: ProjectionRunner): Promise<void> {
  return runner.waitUntilCaughtUp(retailersProjection, { timeoutMs: CATCH_UP_TIMEOUT_MS, drive: true });
}
