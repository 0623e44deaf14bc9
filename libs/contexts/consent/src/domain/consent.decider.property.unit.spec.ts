import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError, foldEvents } from '@iys/platform/building-blocks';
import { consentDecider, type RegisterConsent } from './consent.decider.js';
import {
  PROVIDER_SOURCES,
  REGISTRY_SOURCES,
  type ConsentEvent,
  type ConsentSource,
  type ConsentStatus,
  type ConsentType,
  type RecipientType,
} from './consent.events.js';

/**
 * Random histories of one consent key, run through the decider and through a reference model written
 * here from the rules (iys-api.md §5, Part A item 3), with its own tiny business calendar. Both must
 * agree on every step: accepted or refused, the SAME code when refused (the reference checks the rules
 * in the same documented order), and the same resulting status, consentDate and source.
 */

const HOUR = 3_600_000;
const STEP = 6 * HOUR;
/** 2015-05-01 00:00:00 Istanbul (+03). */
const MAY_2015 = Date.parse('2015-04-30T21:00:00.000Z');
/** Fri 2024-06-14 10:00 Istanbul, just before Kurban Bayramı 2024. */
const BASE_NOW = Date.parse('2024-06-14T07:00:00.000Z');
/** Activation dates: before every generated `now` (3-day rule on) or after all of them (off). */
const ACTIVATED = Date.parse('2024-06-01T00:00:00.000Z');
const NOT_YET_ACTIVATED = Date.parse('2025-01-01T00:00:00.000Z');

// ---- reference model -------------------------------------------------------------------------------

/**
 * Non-business weekdays of the generated window (2024-06-02 … 2024-07-05): Kurban Bayramı arife
 * (Sat 15 June, half day, counted as a holiday) and Sun 16 – Wed 19. Nothing else falls in the window.
 */
const HOLIDAYS = new Set(['2024-06-15', '2024-06-16', '2024-06-17', '2024-06-18', '2024-06-19']);
/** Istanbul is +03 throughout the window (and in May 2015, summer time). */
const dayOf = (ms: number) => new Date(ms + 3 * HOUR).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);

/** More than 3 business days begun since the consent's day (its own day does not count). */
function tooOld(consentMs: number, nowMs: number): boolean {
  let count = 0;
  for (let day = nextDay(dayOf(consentMs)); day <= dayOf(nowMs); day = nextDay(day)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(day) && ++count > 3) return true;
  }
  return false;
}

type RefState = { status: ConsentStatus; date: number; source: ConsentSource } | null;
type Verdict = { code: string } | { state: NonNullable<RefState> };

function reference(c: RegisterConsent, s: RefState): Verdict {
  const now = Date.parse(c.now);
  const date = c.consentDate === undefined ? now : Date.parse(c.consentDate);
  const src = c.source;
  const rules: [boolean, string][] = [
    [c.consentType === 'EPOSTA' && c.addressKind === 'phone', 'H120'],
    [c.consentType !== 'EPOSTA' && c.addressKind === 'email', 'H121'],
    [c.recipientType === 'BIREYSEL' && c.consentDate === undefined, 'H112'],
    [c.recipientType === 'BIREYSEL' && src === undefined, 'H113'],
    [c.origin === 'HS' && src !== undefined && src.startsWith('IYS_'), 'H119'],
    [date < MAY_2015, 'H156'],
    [src === 'HS_2015' && date !== MAY_2015, 'H155'],
    [date > now, 'H162'],
    [src === 'HS_KARAR' && c.status === 'ONAY', 'H408'],
    [now > Date.parse(c.activationDate) && tooOld(date, now), 'H640'],
    [s !== null && c.recipientType === 'TACIR' && c.consentDate === undefined, 'H462'],
    [s !== null && c.recipientType === 'TACIR' && src === undefined, 'H463'],
    [s === null && c.status === 'RET' && c.origin === 'HS', 'H175'],
    [s !== null && s.status === c.status, 'H174'],
    [s !== null && date <= s.date, 'H178'],
  ];
  const broken = rules.find(([fails]) => fails);
  return broken ? { code: broken[1] } : { state: { status: c.status, date, source: src ?? 'HS_EORTAM' } };
}

// ---- generators ------------------------------------------------------------------------------------

type DateChoice = { kind: 'omitted' } | { kind: 'hs2015' } | { kind: 'pre2015' } | { kind: 'relative'; steps: number };

const stepArb = fc.record({
  advance: fc.integer({ min: 0, max: 8 }),
  status: fc.constantFrom<ConsentStatus>('ONAY', 'RET'),
  origin: fc.constantFrom('HS', 'HS', 'IYS'),
  // HS_KARAR, HS_2015 and the registry's sources (H119 from a provider) weighted up.
  providerSource: fc.option(
    fc.constantFrom<ConsentSource>(...PROVIDER_SOURCES, 'HS_KARAR', 'HS_KARAR', 'HS_2015', 'HS_2015', 'IYS_WEB', 'IYS_CM'),
    { nil: undefined, freq: 6 },
  ),
  registrySource: fc.constantFrom<ConsentSource>(...REGISTRY_SOURCES),
  date: fc.oneof(
    { weight: 1, arbitrary: fc.constant<DateChoice>({ kind: 'omitted' }) },
    { weight: 1, arbitrary: fc.constant<DateChoice>({ kind: 'hs2015' }) },
    { weight: 1, arbitrary: fc.constant<DateChoice>({ kind: 'pre2015' }) },
    // From 12 days before now to 1 day after it, in 6-hour steps (so dates repeat and cross midnight).
    { weight: 8, arbitrary: fc.integer({ min: -48, max: 4 }).map((steps): DateChoice => ({ kind: 'relative', steps })) },
  ),
  wrongAddress: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
});

const runArb = fc.record({
  recipientType: fc.constantFrom<RecipientType>('BIREYSEL', 'TACIR'),
  consentType: fc.constantFrom<ConsentType>('ARAMA', 'MESAJ', 'EPOSTA'),
  activated: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;
type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

function commandOf(run: Run, step: Step, now: number): RegisterConsent {
  const rightKind = run.consentType === 'EPOSTA' ? 'email' : 'phone';
  const consentDate =
    step.date.kind === 'omitted'
      ? undefined
      : step.date.kind === 'hs2015'
        ? MAY_2015
        : step.date.kind === 'pre2015'
          ? MAY_2015 - 1000
          : now + step.date.steps * STEP;
  return {
    type: 'RegisterConsent',
    iysCode: 600001,
    brandCode: 700001,
    recipientId: 'rcp_1',
    recipient: { ct: 'sealed' },
    addressKind: step.wrongAddress ? (rightKind === 'email' ? 'phone' : 'email') : rightKind,
    recipientType: run.recipientType,
    consentType: run.consentType,
    status: step.status,
    consentDate: consentDate === undefined ? undefined : new Date(consentDate).toISOString(),
    source: step.origin === 'IYS' ? step.registrySource : step.providerSource,
    origin: step.origin as 'HS' | 'IYS',
    retailerCode: null,
    retailerAccess: [],
    now: new Date(now).toISOString(),
    activationDate: new Date(run.activated ? ACTIVATED : NOT_YET_ACTIVATED).toISOString(),
  };
}

// ---- the property ----------------------------------------------------------------------------------

describe('consent decider vs reference model', () => {
  it('agrees on every step (verdict, code, event) and on the final state', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(runArb, (run) => {
        const events: ConsentEvent[] = [];
        let model: RefState = null;
        let now = BASE_NOW;
        for (const step of run.steps) {
          now += step.advance * STEP;
          const command = commandOf(run, step, now);
          const expected = reference(command, model);
          let produced: ConsentEvent[] | undefined;
          let code: string | undefined;
          try {
            produced = consentDecider.decide(command, foldEvents(consentDecider, events));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            code = error.code;
          }
          const outcome = code ?? 'accepted';
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          if ('code' in expected) {
            expect(outcome).toBe(expected.code);
          } else {
            expect(outcome).toBe('accepted');
            expect(produced).toHaveLength(1);
            const event = (produced as ConsentEvent[])[0] as ConsentEvent;
            expect(event.type).toBe(expected.state.status === 'ONAY' ? 'consent.ConsentApproved' : 'consent.ConsentRejected');
            expect(event.data).toMatchObject({
              consentDate: new Date(expected.state.date).toISOString(),
              source: expected.state.source,
              origin: command.origin,
              recipientType: run.recipientType,
              type: run.consentType,
            });
            events.push(event);
            model = expected.state;
          }
        }
        const state = foldEvents(consentDecider, events);
        if (model === null) {
          expect(state).toEqual({ status: 'none' });
        } else {
          expect(state).toEqual({
            status: model.status,
            consentDate: new Date(model.date).toISOString(),
            source: model.source,
            recipientType: run.recipientType,
            type: run.consentType,
            retailerCode: null,
            retailerAccess: [],
          });
        }
      }),
      { seed: 20_240_614, numRuns: 400 },
    );

    // The generator must have reached every rule, or agreement proves little.
    const outcomes = ['accepted', 'H112', 'H113', 'H119', 'H120', 'H121', 'H155', 'H156', 'H162', 'H174', 'H175', 'H178', 'H408', 'H462', 'H463', 'H640'];
    expect(outcomes.filter((outcome) => !seen.has(outcome))).toEqual([]);
    expect(seen.get('accepted')).toBeGreaterThan(200);
  });
});
