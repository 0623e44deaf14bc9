import { Inject, Injectable, Optional } from '@nestjs/common';
import { ProjectionRunner } from '@iys/platform/event-store';
import { complaintDirectoryProjection } from './projections/complaint-directory.projection.js';
import { SENDER_RECORDS, type SenderRecords } from './sender-records.port.js';

/**
 * Resolves a sender as a recipient saw it to a provider and brand, from the identities brands
 * registered (complaint.senders). One match resolves; several (a shared header) resolve only to the
 * brand the recipient picked among them; none leaves the complaint for the authority to assign.
 *
 * The directory is projected asynchronously from service-provider's events (docs/adr/0052). A
 * sender is resolved once the projection has reached the log's head (a removal is no miss a retry
 * could detect), so one registered or removed a moment ago is known at once; a brand not found is
 * looked up again once caught up, and a hit costs the one read.
 */
@Injectable()
export class SenderDirectory {
  constructor(
    @Inject(SENDER_RECORDS) private readonly records: SenderRecords,
    @Optional() @Inject(ProjectionRunner) private readonly runner?: ProjectionRunner,
  ) {}

  async resolve(channel: string, senderId: string, pickedBrand?: number): Promise<{ iysCode: number; brandCode: number } | undefined> {
    await this.runner?.waitUntilCaughtUp(complaintDirectoryProjection, { drive: true, timeoutMs: 5_000 });
    const matches = await this.records.matching(channel, senderId);
    return matches.length === 1 ? matches[0] : matches.find((match) => match.brandCode === pickedBrand);
  }

  async brand(brandCode: number): Promise<{ iysCode: number; brandCode: number; brandName: string } | undefined> {
    return this.readCaughtUp(async () => {
      const brand = await this.records.brand(brandCode);
      return brand ? { iysCode: brand.iysCode, brandCode, brandName: brand.brandName } : undefined;
    });
  }

  /** Names of these brands; brands still unknown once the directory has caught up are absent. */
  async brandNames(brandCodes: readonly number[]): Promise<Map<number, string>> {
    const codes = [...new Set(brandCodes)];
    const read = () => this.records.brandNames(codes);
    const all = await this.readCaughtUp(async () => {
      const names = await read();
      return names.size === codes.length ? names : undefined;
    });
    return all ?? read();
  }

  private readCaughtUp<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    return this.runner ? this.runner.readCaughtUp(complaintDirectoryProjection, read) : read();
  }
}
