/**
 * How every table would be placed on a distributed PostgreSQL (Citus), and the rules that keep the
 * schema ready for it (docs/adr/0048). `test/architecture/citus-ready-schema.spec.ts` checks the migrated schema
 * against this plan, so a new table must be placed here, and a key that could not be distributed
 * fails the suite before it reaches production data.
 */

/** Distributed on `column`; tables of one colocation group keep the same values on the same node. */
export interface Distributed {
  kind: 'distributed';
  column: string;
  colocation: 'recipient' | 'address';
}
/** Small and read everywhere: a full copy on every node (providers, brands, users…). */
export interface Reference {
  kind: 'reference';
}
/** Stays on the coordinator: queues, operational state and the authority's low-volume records. */
export interface Local {
  kind: 'local';
  why: string;
}
export type Placement = Distributed | Reference | Local;

const byRecipient = (column: string): Distributed => ({ kind: 'distributed', column, colocation: 'recipient' });
const reference: Reference = { kind: 'reference' };
const local = (why: string): Local => ({ kind: 'local', why });
const QUEUE = 'a work queue: rows live minutes to days, read by one worker';
const OPERATIONAL = 'operational state, bounded and small';
const AUTHORITY = 'the authority’s records: thousands a day, read by staff';

/** The tables the national volume lives in (issue: events, streams, current consent, change feed, daily movements, vault). */
export const MUST_BE_DISTRIBUTED = [
  'event_store.events',
  'event_store.streams',
  'event_store.processed_commands',
  'consent.current_consent',
  'consent.changes',
  'reconciliation.daily_movements',
  'pii.subject_keys',
  'pii.recipient_registry',
];

export const DISTRIBUTION_PLAN: Record<string, Placement> = {
  'public.schema_migrations': local(OPERATIONAL),

  // The event store and the vault: one recipient's streams, keys and rows on one node.
  'event_store.events': byRecipient('shard_key'),
  'event_store.streams': byRecipient('shard_key'),
  'event_store.processed_commands': byRecipient('shard_key'),
  'event_store.projection_checkpoints': local('one row per projection version and node: a vector of per-node positions (ADR 0048)'),
  'pii.subject_keys': byRecipient('recipient_id'),
  // The directory is found by the address digest: its own colocation group.
  'pii.recipient_registry': { kind: 'distributed', column: 'address_hmac', colocation: 'address' },

  // Consent read models.
  'consent.current_consent': byRecipient('recipient_id'),
  'consent.changes': byRecipient('recipient_id'),
  'consent.brands': reference,
  'consent.retailers': reference,
  'consent.gate_senders': reference,
  'consent.gate_sender_periods': reference,
  'consent.gate_exempt_senders': reference,
  'consent.gate_counters': local('one row per operator, brand, day and reason'),
  'consent.gate_denials': local('pruned after 30 days; per-recipient at national scale, a candidate to distribute on recipient_id'),
  'consent.batch_requests': local(QUEUE),
  'consent.batch_items': local(QUEUE),
  'consent.scrub_jobs': local(QUEUE),
  'consent.scrub_job_chunks': local(QUEUE),
  'consent.verification_processes': local('C8 processes expire in minutes'),

  // Reconciliation.
  'reconciliation.daily_movements': byRecipient('recipient_id'),
  'reconciliation.brands': reference,
  'reconciliation.daily_snapshots': local('one row per day'),
  'reconciliation.brand_snapshots': local('one row per brand and day'),
  'reconciliation.sealed_movement_files': local('one row per brand and day'),
  'reconciliation.sealed_movement_file_chunks': local('the sealed daily files, pruned after the file window'),

  // Recipients.
  'recipient.account_addresses': byRecipient('recipient_id'),
  'recipient.erasures': byRecipient('recipient_id'),
  'recipient.brands': reference,
  'recipient.applications': reference,
  'recipient.sessions': local(OPERATIONAL),
  'recipient.sign_in_codes': local('codes expire in minutes and are pruned nightly'),
  'recipient.inbound_sms': local(QUEUE),
  'recipient.pending_notices': local(QUEUE),
  'recipient.noticed_events': local('a candidate to distribute on the event’s recipient when notices reach national volume'),
  'recipient.notices': local('a candidate to distribute on recipient_id when notices reach national volume'),
  'recipient.opt_out_links': local('a candidate to distribute on recipient_id when notices reach national volume'),

  // Service providers, identity, dealers: the registry's reference data.
  'service_provider.applications': reference,
  'service_provider.providers': reference,
  'service_provider.brands': reference,
  'service_provider.brand_senders': reference,
  'service_provider.sender_exemptions': reference,
  'service_provider.integrators': reference,
  'service_provider.integrator_grants': reference,
  'identity_access.users': reference,
  'identity_access.sessions': local(OPERATIONAL),
  'identity_access.retired_refresh_tokens': local(OPERATIONAL),
  'dealer.brands': reference,
  'dealer.retailers': reference,

  // Complaints.
  'complaint.complaints': local(AUTHORITY),
  'complaint.attachments': local(AUTHORITY),
  'complaint.attachment_uploads': local(AUTHORITY),
  'complaint.checks': local(AUTHORITY),
  'complaint.authority_scopes': reference,
  'complaint.brands': reference,
  'complaint.senders': reference,
  'complaint.provider_contacts': reference,
  'complaint.notified': local(OPERATIONAL),

  'outbox.messages': local(QUEUE),
};

/** What the checker needs to know of a schema: each table's unique keys and foreign keys, by column names. */
export interface SchemaFacts {
  tables: string[];
  /** Primary keys, unique constraints and unique indexes. */
  uniqueKeys: { table: string; name: string; primary: boolean; columns: string[] }[];
  foreignKeys: { table: string; name: string; columns: string[]; references: string; referencedColumns: string[] }[];
}

/** Every way the schema departs from the plan, as one sentence each; empty when it is ready to distribute. */
export function distributionViolations(facts: SchemaFacts, plan: Record<string, Placement>, mustBeDistributed: readonly string[] = []): string[] {
  const violations: string[] = [];
  for (const table of facts.tables) if (!plan[table]) violations.push(`${table} has no place in the distribution plan`);
  for (const table of Object.keys(plan)) if (!facts.tables.includes(table)) violations.push(`${table} is in the plan but not in the schema`);
  for (const table of mustBeDistributed) if (plan[table]?.kind !== 'distributed') violations.push(`${table} must be distributed`);

  for (const table of facts.tables) {
    const placement = plan[table];
    if (placement?.kind !== 'distributed') continue;
    const keys = facts.uniqueKeys.filter((key) => key.table === table);
    if (!keys.some((key) => key.primary)) violations.push(`${table} has no primary key`);
    for (const key of keys) {
      if (!key.columns.includes(placement.column)) violations.push(`${table}: ${key.primary ? 'primary key' : 'unique key'} ${key.name} (${key.columns.join(', ')}) lacks the distribution column ${placement.column}`);
    }
  }

  for (const fk of facts.foreignKeys) {
    const from = plan[fk.table];
    const to = plan[fk.references];
    if (!from || !to) continue;
    const what = `${fk.table} → ${fk.references} (${fk.name})`;
    if (to.kind === 'distributed') {
      if (from.kind !== 'distributed') {
        violations.push(`${what}: a ${from.kind} table cannot reference a distributed one`);
        continue;
      }
      if (from.colocation !== to.colocation) {
        violations.push(`${what}: crosses from the ${from.colocation} colocation group to ${to.colocation}`);
        continue;
      }
      const at = fk.columns.indexOf(from.column);
      if (at < 0 || fk.referencedColumns[at] !== to.column) violations.push(`${what}: does not pair ${from.column} with ${to.column}, so it would cross shards`);
    } else if (to.kind === 'local' && from.kind !== 'local') {
      violations.push(`${what}: a ${from.kind} table cannot reference a coordinator-local one`);
    }
  }
  return violations;
}
