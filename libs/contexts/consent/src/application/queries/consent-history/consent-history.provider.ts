import { Inject, Injectable } from '@nestjs/common';
import { ConsentContracts } from '@iys/contracts';
import { DomainError } from '@iys/platform/building-blocks';
import { comparePositions, EventChainVerifier, PostgresEventStore, positionOf, type RecordedEvent, type VerificationReport } from '@iys/platform/event-store';
import { PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import { REPLICA_READS, type ReplicaReads } from '@iys/platform/nest';
import { consentStreamId } from '../../../domain/consent.decider.js';
import { consentError } from '../../../domain/consent.errors.js';
import { normaliseRecipient } from '../../consent-registrar.js';

const { CONSENT_APPROVED, CONSENT_REJECTED, CONSENT_STREAM_CATEGORY, RETAILER_ACCESS_EVENTS } = ConsentContracts;
const RECORDED_TYPES: readonly string[] = [CONSENT_APPROVED, CONSENT_REJECTED, ...RETAILER_ACCESS_EVENTS];

/**
 * Serves the published ConsentHistory port (the authority's audit): a recipient's consent streams
 * read from the event store itself, never from a read model, each with its hash-chain check. Only
 * this context knows how its stream ids are made and which code a malformed address gets.
 */
@Injectable()
export class ConsentHistoryProvider implements ConsentContracts.ConsentHistoryPort {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(EventChainVerifier) private readonly verifier: EventChainVerifier,
    @Inject(PiiVault) private readonly vault: PiiVault,
    // A replica on the audit-history route (ADR 0047); the primary everywhere else (complaint evidence).
    @Inject(REPLICA_READS) private readonly reads: ReplicaReads,
  ) {}

  async recordsOf(address: string): Promise<ConsentContracts.ConsentRecord[]> {
    const recipientId = await this.recipientIdOf(valid(normaliseRecipient(address)));
    if (!recipientId) return [];
    const prefix = `${CONSENT_STREAM_CATEGORY}-${recipientId}.`;
    // The events and every stream's chain check, side by side: the chains in two statements in all.
    const [events, chains] = await Promise.all([this.store.readStreamsByPrefix(prefix, this.reads), this.verifier.verifyStreamsByPrefix(prefix)]);
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
    // A stream created between the two reads is checked on its own rather than left out.
    for (const streamId of streams.keys()) if (!chains.has(streamId)) chains.set(streamId, await this.verifier.verifyStream(streamId));
    // Streams in the global commit order of their first event: the order the consents came into existence.
    return [...streams.entries()]
      .sort(([, a], [, b]) => comparePositions(positionOf(a[0]!), positionOf(b[0]!)))
      .map(([streamId, stream]) => ({ events: recorded(stream), chain: chainCheck(chains.get(streamId)!) }));
  }

  async recordOf(
    address: string,
    key: { brandCode: number; type: ConsentContracts.ConsentTypeValue; recipientType: ConsentContracts.RecipientTypeValue },
  ): Promise<ConsentContracts.ConsentRecord | undefined> {
    const normalised = valid(normaliseRecipient(address));
    // The same answer C1 gives for this key (an EPOSTA consent needs an e-mail, ARAMA/MESAJ a phone).
    if (key.type === 'EPOSTA' ? normalised.kind !== 'email' : normalised.kind !== 'phone') {
      throw consentError(key.type === 'EPOSTA' ? 'H120' : 'H121', ['recipient']);
    }
    const recipientId = await this.recipientIdOf(normalised);
    if (!recipientId) return undefined;
    const streamId = consentStreamId(recipientId, key.brandCode, key.type, key.recipientType);
    const [events, chain] = await Promise.all([this.store.readStream(streamId), this.verifier.verifyStream(streamId)]);
    return { events: recorded(events), chain: chainCheck(chain) };
  }

  private async recipientIdOf(address: NormalisedAddress): Promise<string | undefined> {
    const [recipientId] = await this.vault.findMany([address], this.reads);
    return recipientId;
  }
}

function valid(address: NormalisedAddress | DomainError): NormalisedAddress {
  if (address instanceof DomainError) throw address;
  return address;
}

/** The stream's status and retailer-access events, as the port publishes them. */
function recorded(events: readonly RecordedEvent[]): ConsentContracts.ConsentRecordedEvent[] {
  return events
    .filter((event) => RECORDED_TYPES.includes(event.type))
    .map(
      (event) =>
        ({
          type: event.type,
          data: event.data,
          eventId: event.eventId,
          position: event.streamPosition,
          recordedAt: event.recordedAt,
          hash: event.hash.toString('hex'),
          actorKind: event.metadata.actorKind ?? null,
          actorId: event.metadata.actorId ?? null,
          channel: event.metadata.channel ?? null,
        }) as unknown as ConsentContracts.ConsentRecordedEvent,
    );
}

/** The verifier's report without its bigint global position (not JSON) and without the stream id (has the recipient id). */
function chainCheck(report: VerificationReport): ConsentContracts.ConsentChainCheck {
  const check: ConsentContracts.ConsentChainCheck = { ok: report.ok, eventsChecked: report.eventsChecked };
  if (report.firstBroken) check.firstBroken = { position: report.firstBroken.streamPosition, reason: report.firstBroken.reason };
  return check;
}
