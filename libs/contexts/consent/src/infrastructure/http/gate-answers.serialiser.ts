import type { CheckedDelivery } from '../../application/gate/delivery-checker.js';

/** One answer of the gate, as the wire carries it. */
export interface CheckAnswer {
  decision: CheckedDelivery['decision'];
  reason: CheckedDelivery['reason'];
  recipientType: CheckedDelivery['recipientType'];
  brandCode: number | null;
}

/** `{"decision":…,"reason":…,"recipientType":…,"brandCode":` per decision, reason and record type, built once by JSON.stringify. */
const prefixes = new Map<string, string>();

function prefixOf(decision: string, reason: string, recipientType: string | null): string {
  const key = `${decision}|${reason}|${recipientType}`;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    const whole = JSON.stringify({ decision, reason, recipientType, brandCode: 0 });
    prefix = whole.slice(0, whole.length - '0}'.length);
    prefixes.set(key, prefix);
  }
  return prefix;
}

/**
 * `{"items":[…]}` for a call's answers, byte for byte what JSON.stringify writes for the same objects
 * (gate-answers.serialiser.unit.spec.ts), without building them: a thousand answers per call are
 * a thousand small objects otherwise, each walked by the generic serialiser.
 */
export function serialiseAnswers(results: readonly Pick<CheckedDelivery, 'decision' | 'reason' | 'recipientType' | 'brandCode'>[]): string {
  let out = '{"items":[';
  for (let i = 0; i < results.length; i++) {
    const { decision, reason, recipientType, brandCode } = results[i]!;
    if (i > 0) out += ',';
    out += prefixOf(decision, reason, recipientType);
    out += brandCode === null ? 'null}' : `${Number(brandCode)}}`;
  }
  return `${out}]}`;
}
