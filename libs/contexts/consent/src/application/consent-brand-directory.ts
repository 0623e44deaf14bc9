import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { iysErrorItem } from '@iys/platform/nest';
import { CONSENT_BRAND_RECORDS, REMEMBERED_ACTIVATIONS, type ConsentBrandRecords, type RememberedActivations } from './consent-brands.port.js';
import { consentBrandsProjection } from './projections/consent-brands.projection.js';

/** İYS's answer for a brand the provider does not have, on every consent route (C1–C8). */
export function unknownBrand(): DomainError {
  return new DomainError('H195', iysErrorItem('H195').message, ['brandCode']);
}

/**
 * This context's copy of the brand directory (`consent.brands`, projected asynchronously from
 * service-provider events). A brand not found yet is looked up again once the projection has reached
 * the log's head, so a brand added a moment ago is known at once (docs/adr/0052). Activation dates
 * are remembered until the projection writes a brand event (it notifies CONSENT_BRANDS_CHANNEL in
 * the same transaction), so a write does not read them each time (docs/adr/0059).
 */
@Injectable()
export class ConsentBrandDirectory implements OnModuleDestroy {
  constructor(
    @Inject(CONSENT_BRAND_RECORDS) private readonly records: ConsentBrandRecords,
    @Inject(REMEMBERED_ACTIVATIONS) private readonly activations: RememberedActivations,
    @Optional() @Inject(ProjectionRunner) private readonly runner?: ProjectionRunner,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.activations.close();
  }

  /** Resolves when the remembered activation dates are next forgotten (a brand event was projected). */
  activationsChanged(): Promise<void> {
    return this.activations.changed();
  }

  private read<T>(query: () => Promise<T | undefined>): Promise<T | undefined> {
    return this.runner ? this.runner.readCaughtUp(consentBrandsProjection, query) : query();
  }

  /** The provider's activation date (ISO) for an active brand of its own; else H195. Writes ask this. */
  async activationDateOf(iysCode: number, brandCode: number): Promise<string> {
    const activation = await this.activations.get(`${iysCode}/${brandCode}`, () =>
      this.read(async () => (await this.records.activationDateOf(iysCode, brandCode))?.toISOString()),
    );
    if (!activation) throw unknownBrand();
    return activation;
  }

  /**
   * H195 unless the brand is the provider's (active or passive: what was registered under a brand that
   * was later deactivated stays readable). Reads ask it only when they found nothing, so an answer
   * with rows costs no extra statement.
   */
  async requireKnown(iysCode: number, brandCode: number): Promise<void> {
    const known = await this.read(async () => ((await this.records.isKnown(iysCode, brandCode)) ? true : undefined));
    if (!known) throw unknownBrand();
  }
}
