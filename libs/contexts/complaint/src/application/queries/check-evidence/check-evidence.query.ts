import { Query } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { EvidenceRecheck } from '../../../domain/evidence-recheck.js';

export interface EvidenceCheck extends Omit<EvidenceRecheck, 'mismatches'> {
  complaintId: string;
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul. */
  checkedAt: string;
  /** When the evidence was recorded (the latest, if the sender was resolved again). */
  recordedAt: string;
  state: string;
  /** Whether the registry's current record was asked too (not after the complainant's erasure: the address is gone). */
  recordChecked: boolean;
  mismatches: { code: string; message: string; location: (string | number)[] }[];
}

/** The authority re-checks a complaint's stored consent evidence against the registry as it stands now. */
export class CheckEvidenceQuery extends Query<EvidenceCheck> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
  ) {
    super();
  }
}
