import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Clock, Principal } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, ProjectionRunner, type EventMetadata, type RecordedEvent } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { complaintDecider, complaintStreamId, type ComplaintCommand, type ComplaintState } from '../domain/complaint.decider.js';
import { complaintError } from '../domain/complaint.errors.js';
import type { ComplaintEvent } from '../domain/complaint.events.js';
import { COMPLAINT_RECORDS, type ComplaintRecords, type ComplaintRow } from './complaint-records.port.js';
import { providerContactsProjection } from './projections/provider-contacts.projection.js';

/** Commands whose events send the provider a notice at its registered contact (complaint-notices). */
const NOTIFYING_THE_PROVIDER: ReadonlySet<ComplaintCommand['type']> = new Set(['RequestDefense', 'RemindDefense', 'DecideComplaint']);

export type { ComplaintRow } from './complaint-records.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may see which complaint, and the one way a complaint changes: a command decided on its stream
 * (handleCommand). A complaint outside the caller's reach is "not found" (H774), never "forbidden",
 * so its existence does not leak across provinces, providers or recipients.
 */
@Injectable()
export class ComplaintAccess {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(COMPLAINT_RECORDS) private readonly records: ComplaintRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(ProjectionRunner) private readonly runner?: ProjectionRunner,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  /** The authority user's scope: a province (plate code) or the whole ministry (null); H783 when none was assigned. */
  async scopeOf(principal: Principal): Promise<number | null> {
    const scope = await this.scopeOfUser(principal.userId);
    if (scope === undefined) throw complaintError('H783');
    return scope.province;
  }

  /** An authority user's scope (province null: the ministry), undefined for a user without one. */
  async scopeOfUser(userId: string): Promise<{ province: number | null } | undefined> {
    return this.records.authorityScope(userId);
  }

  async row(complaintId: string): Promise<ComplaintRow | undefined> {
    if (!UUID.test(complaintId)) return undefined;
    return this.records.byId(complaintId);
  }

  async forAuthority(principal: Principal, complaintId: string): Promise<ComplaintRow> {
    const province = await this.scopeOf(principal);
    return this.visible(await this.row(complaintId), (row) => province === null || row.province === province);
  }

  async forProvider(iysCode: number, complaintId: string): Promise<ComplaintRow> {
    return this.visible(await this.row(complaintId), (row) => row.iys_code === iysCode);
  }

  async forRecipient(accountId: string, complaintId: string): Promise<ComplaintRow> {
    return this.visible(await this.row(complaintId), (row) => row.account_id === accountId);
  }

  async write(complaintId: string, command: ComplaintCommand, metadata: EventMetadata): Promise<ComplaintState> {
    // The provider's contact is projected asynchronously from service-provider's events
    // (docs/adr/0052): bring it to the log's head first, so a provider approved a moment ago is
    // reached by the notice this write's inline projection queues.
    if (this.runner && NOTIFYING_THE_PROVIDER.has(command.type)) await this.runner.waitUntilCaughtUp(providerContactsProjection, { drive: true, timeoutMs: 5_000 });
    const { state } = await handleCommand(this.store, complaintDecider, complaintStreamId(complaintId), command, { metadata });
    return state;
  }

  async history(complaintId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(complaintStreamId(complaintId));
  }

  async events(complaintId: string): Promise<ComplaintEvent[]> {
    return (await this.history(complaintId)).map((event) => ({ type: event.type, data: event.data }) as unknown as ComplaintEvent);
  }

  private visible(row: ComplaintRow | undefined, allowed: (row: ComplaintRow) => boolean): ComplaintRow {
    if (!row || !allowed(row)) throw complaintError('H774', ['complaintId']);
    return row;
  }
}

/** Metadata of an API user's action (no personal data). */
export function actorOf(principal: Principal, channel = 'api'): EventMetadata {
  const actorKind = principal.role === 'authority' ? 'authority' : principal.role === 'admin' ? 'admin' : principal.role === 'integrator' ? 'integrator' : 'service-provider';
  return { actorKind, actorId: principal.userId, channel };
}
