import { createHmac } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DomainError } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { IysHttpException } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress, PiiVault } from '@iys/platform/pii';
import { DEALER_READ_MODEL, type DealerReadModel } from '../../dealer-read-model.port.js';
import { assertOwnBrand } from '../../own-brand.js';
import { places } from '../../../domain/info/places.js';
import { checkRetailerDetails, retailerRosterDecider, rosterStreamId } from '../../../domain/retailer-roster.decider.js';
import type { RetailerStatus } from '../../../domain/retailer.events.js';
import { RegisterRetailerCommand } from './register-retailer.command.js';

/** Purpose of the vault-derived key that hashes TCKN + MERSİS for the roster's uniqueness rule. */
const IDENTITY_KEY_PURPOSE = 'dealer-retailer-identity';

/**
 * R1. The details are checked in clear, the authorised person's name, TCKN and mobile sealed under
 * their own data key, and the retailer written to its brand's roster, which refuses a second
 * TCKN + MERSİS and a 3001st retailer. The code comes from a sequence: a code drawn for a refused
 * request is never reused (gaps are harmless).
 */
@CommandHandler(RegisterRetailerCommand)
export class RegisterRetailerHandler implements ICommandHandler<RegisterRetailerCommand, { retailerCode: number }> {
  private readonly identityKey: Buffer;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(DEALER_READ_MODEL) private readonly reads: DealerReadModel,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {
    this.identityKey = vault.deriveKey(IDENTITY_KEY_PURPOSE);
  }

  async execute({ iysCode, brandCode, details, actor }: RegisterRetailerCommand): Promise<{ retailerCode: number }> {
    const mobile = phoneOrEmpty(details.mobile);
    const clear = { ...details, name: details.name.trim(), title: details.title.trim(), alias: details.alias.trim(), mobile };
    try {
      checkRetailerDetails(clear);
    } catch (error) {
      if (error instanceof AggregateError) throw validationFailure(error.errors as DomainError[]);
      throw error;
    }
    await assertOwnBrand({ reads: this.reads, runner: this.runner }, iysCode, brandCode, { active: true });
    const retailerCode = await this.reads.nextRetailerCode();
    const { recipientId: subjectId } = await this.vault.resolveRecipientId(mobile);
    const [name, tckn, sealedMobile] = await this.vault.encryptMany([clear.name, clear.tckn, mobile].map((plaintext) => ({ recipientId: subjectId, plaintext })));
    const city = places.city(clear.city.code)!;
    const town = places.town(clear.town.code)!;
    await handleCommand(
      this.store,
      retailerRosterDecider,
      rosterStreamId(brandCode),
      {
        type: 'RegisterRetailer',
        retailer: {
          retailerCode,
          iysCode,
          brandCode,
          title: clear.title,
          mersis: clear.mersis,
          alias: clear.alias,
          city: { code: city.code, name: city.name },
          town: { code: town.code, name: town.name },
          status: (clear.status ?? 'active') as RetailerStatus,
          authorisedPerson: { subjectId, name, tckn, mobile: sealedMobile },
          identityKey: createHmac('sha256', this.identityKey).update(`${clear.tckn}|${clear.mersis}`).digest('base64url'),
        },
      },
      { metadata: { actorKind: actor.kind, actorId: actor.id, channel: 'api' } },
    );
    return { retailerCode };
  }
}

function phoneOrEmpty(raw: string): string {
  try {
    const normalised = normaliseAddress(raw);
    return normalised.kind === 'phone' ? normalised.value : '';
  } catch (error) {
    if (error instanceof InvalidAddressError) return '';
    throw error;
  }
}

function validationFailure(problems: DomainError[]): IysHttpException {
  return new IysHttpException(422, problems.map((p) => ({ code: p.code, message: p.message, location: p.location })));
}
