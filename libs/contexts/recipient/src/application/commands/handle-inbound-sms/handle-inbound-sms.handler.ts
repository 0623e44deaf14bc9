import { ProjectionRunner } from '@iys/platform/event-store';
import { recipientBrandsProjection } from '../../projections/recipient-brands.projection.js';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import type { OutboxParams } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import { recipientError } from '../../../domain/recipient.errors.js';
import { parseSmsCommand, type SmsCommand } from '../../../domain/sms-command.js';
import { normaliseOrRefuse } from '../../identity/sign-in-codes.js';
import { OptOutLinks } from '../../notices/opt-out-links.js';
import { RecipientConsentService, type DecisionChannel } from '../../recipient-consents.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../../recipient-records.port.js';
import { HandleInboundSmsCommand } from './handle-inbound-sms.command.js';

export interface InboundSmsResult {
  messageId: string;
  command: SmsCommand['kind'];
  rejected: number;
}

/**
 * The short number (README: recipients reach the registry by short SMS number). `RET` rejects every
 * approved consent of the sender's number; `RET <BRAND>` those of the brands whose folded name
 * matches; anything else gets the help text. Recorded as the recipient's own decisions with source
 * IYS_KISAMESAJ, so providers see them in their change feed with source=IYS. The sender's number is
 * proven by the mobile network, so no code is needed. The reply goes through the outbox.
 *
 * A message is acted on once: a known messageId is refused (H670). The decisions carry command ids
 * derived from the message id and the consent, and the message is recorded (with its reply) only
 * after them, so a gateway retrying after a crash gets the same decisions, written once, and one reply.
 */
@CommandHandler(HandleInboundSmsCommand)
export class HandleInboundSmsHandler implements ICommandHandler<HandleInboundSmsCommand, InboundSmsResult> {
  constructor(
    @Inject(RecipientConsentService) private readonly consents: RecipientConsentService,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(OptOutLinks) private readonly links: OptOutLinks,
  ) {}

  async execute({ messageId, from, text }: HandleInboundSmsCommand): Promise<InboundSmsResult> {
    const sender = normaliseOrRefuse(from);
    if (sender.kind !== 'phone') throw recipientError('H660', ['from']);
    if (await this.records.inboundSmsSeen(messageId)) throw recipientError('H670', ['messageId']);

    const { recipientId } = await this.vault.resolveRecipientId(sender.value);
    const command = parseSmsCommand(text);
    const channel: DecisionChannel = { source: 'IYS_KISAMESAJ', actor: { kind: 'recipient', id: recipientId, channel: 'short-number' } };
    let reply: OutboxParams = { kind: 'help' };
    let rejected = 0;
    if (command.kind === 'complaint') {
      // No decision here: the reply carries a link where the complaint is completed (signed in by code).
      const brand = command.brandKey ? await this.brandsNamed(command.brandKey) : undefined;
      reply = { kind: 'complaint-link', link: this.links.complaintForm(brand?.codes[0]), brand: brand?.name ?? null };
    } else if (command.kind !== 'help') {
      const brands = command.kind === 'reject-brand' ? await this.brandsNamed(command.brandKey) : undefined;
      if (brands && brands.codes.length === 0) {
        reply = { kind: 'unknown-brand' };
      } else {
        const inScope = brands ? (c: { brandCode: number }) => brands.codes.includes(c.brandCode) : () => true;
        const outcome = await this.consents.rejectAll([recipientId], inScope, channel, `sms:${messageId}`);
        rejected = outcome.rejected.length;
        reply = { kind: rejected > 0 ? 'rejected' : 'nothing-to-reject', count: rejected, brand: brands?.name ?? null };
      }
    }

    const recorded = await this.records.recordInboundSms(
      { messageId, recipientId, command: command.kind, receivedAt: this.clock.now(), rejectedCount: rejected },
      {
        id: this.ids.next(),
        channel: 'sms',
        recipientId,
        address: sender.value,
        template: 'recipient.sms-reply.sms',
        params: reply,
        sealedParams: null,
        createdAt: this.clock.now(),
      },
    );
    // Two deliveries of one message racing each other: the decisions were written once; one answer wins.
    if (!recorded) throw recipientError('H670', ['messageId']);
    return { messageId, command: command.kind, rejected };
  }

  private async brandsNamed(key: string): Promise<{ codes: number[]; name: string | null }> {
    // recipient.brands is async (service-provider's events): a key not there yet is read again once caught up.
    const read = async () => {
      const brands = await this.records.brandsKeyed(key);
      return brands.length > 0 ? brands : undefined;
    };
    const brands = (await this.runner.readCaughtUp(recipientBrandsProjection, read)) ?? [];
    return { codes: brands.map((brand) => brand.brandCode), name: brands[0]?.brandName ?? null };
  }
}
