import { describe, expect, it } from '@jest/globals';
import {
  BusinessCalendarOutOfRange,
  DomainError,
  createTurkishBusinessCalendar,
  foldEvents,
  parseIysDateTime,
} from '@iys/platform/building-blocks';
import {
  EARLIEST_CONSENT_DATE,
  TACIR_DEFAULT_SOURCE,
  consentDecider,
  consentStreamId,
  createConsentDecider,
  type ConsentCommand,
  type ConsentState,
  type RegisterConsent,
} from './consent.decider.js';
import { CONSENT_ERRORS, consentError } from './consent.errors.js';
import { PROVIDER_SOURCES, type ConsentStatusEvent as ConsentEvent } from './consent.events.js';

/** ISO instant of an İYS wire time (`YYYY-MM-DD HH:mm:ss`, Europe/Istanbul). */
function at(text: string): string {
  const instant = parseIysDateTime(text);
  if (instant === undefined) throw new Error(`bad test date ${text}`);
  return instant.toISOString();
}

const sealed = { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };

/** A valid BIREYSEL MESAJ ONAY from a provider, registered the next day, after activation. */
const add: RegisterConsent = {
  type: 'RegisterConsent',
  iysCode: 600001,
  brandCode: 700001,
  recipientId: 'rcp_0f3a9c',
  recipient: sealed,
  addressKind: 'phone',
  recipientType: 'BIREYSEL',
  consentType: 'MESAJ',
  status: 'ONAY',
  consentDate: at('2024-03-04 10:00:00'),
  source: 'HS_WEB',
  origin: 'HS',
  retailerCode: null,
  retailerAccess: [],
  now: at('2024-03-05 12:00:00'),
  activationDate: at('2020-01-01 00:00:00'),
};

function cmd(overrides: Partial<RegisterConsent>): RegisterConsent {
  return { ...add, ...overrides };
}

/** given(events).when(command) → events; whenRejected → the DomainError (anything else fails the test). */
function given(...events: ConsentEvent[]) {
  const state: ConsentState = foldEvents(consentDecider, events);
  return {
    state,
    // Registrations decide status events only (access changes have their own spec).
    when: (command: ConsentCommand) => consentDecider.decide(command, state) as ConsentEvent[],
    whenRejected: (command: ConsentCommand): DomainError => {
      try {
        consentDecider.decide(command, state);
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
      throw new Error('expected the command to be refused');
    },
  };
}

const approved = given().when(add)[0] as ConsentEvent;
const rejected = given(approved).when(
  cmd({ status: 'RET', consentDate: at('2024-03-05 09:00:00'), now: at('2024-03-05 12:00:00') }),
)[0] as ConsentEvent;

describe('happy paths', () => {
  it('records a first ONAY with every fact of the command', () => {
    expect(given().when(cmd({ retailerCode: 44445555, retailerAccess: [66438915] }))).toEqual([
      {
        type: 'consent.ConsentApproved',
        data: {
          iysCode: 600001,
          brandCode: 700001,
          recipientId: 'rcp_0f3a9c',
          recipient: sealed,
          recipientType: 'BIREYSEL',
          type: 'MESAJ',
          consentDate: '2024-03-04T07:00:00.000Z',
          source: 'HS_WEB',
          origin: 'HS',
          retailerCode: 44445555,
          retailerAccess: [66438915],
        },
      },
    ]);
  });

  it('goes ONAY → RET → ONAY with increasing dates, and folds each into the state', () => {
    expect(rejected.type).toBe('consent.ConsentRejected');
    const again = given(approved, rejected).when(cmd({ status: 'ONAY', consentDate: at('2024-03-05 11:00:00'), source: 'HS_CAGRI_MERKEZI' }));
    expect(again.map((e) => e.type)).toEqual(['consent.ConsentApproved']);
    expect(given(approved, rejected, ...again).state).toEqual({
      status: 'ONAY',
      consentDate: at('2024-03-05 11:00:00'),
      source: 'HS_CAGRI_MERKEZI',
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
      retailerCode: null,
      retailerAccess: [],
    });
  });

  it('accepts an e-mail address for EPOSTA and a phone for ARAMA', () => {
    expect(given().when(cmd({ consentType: 'EPOSTA', addressKind: 'email' }))[0]?.data.type).toBe('EPOSTA');
    expect(given().when(cmd({ consentType: 'ARAMA', addressKind: 'phone' }))[0]?.data.type).toBe('ARAMA');
  });

  it('accepts a TACIR first add without consentDate and source: date = now, source = TACIR_DEFAULT_SOURCE', () => {
    const [event] = given().when(cmd({ recipientType: 'TACIR', consentDate: undefined, source: undefined }));
    expect(event?.data).toMatchObject({ recipientType: 'TACIR', consentDate: add.now, source: 'HS_EORTAM', defaulted: ['consentDate', 'source'] });
    expect(TACIR_DEFAULT_SOURCE).toBe('HS_EORTAM');
  });

  it('accepts a TACIR first add with only one of the two, marking the one the registry filled in', () => {
    expect(given().when(cmd({ recipientType: 'TACIR', source: undefined }))[0]?.data).toMatchObject({ source: TACIR_DEFAULT_SOURCE, defaulted: ['source'] });
    expect(given().when(cmd({ recipientType: 'TACIR', consentDate: undefined }))[0]?.data).toMatchObject({ consentDate: add.now, defaulted: ['consentDate'] });
    expect(given().when(cmd({}))[0]?.data.defaulted).toBeUndefined();
  });

  it('accepts HS_2015 with exactly 2015-05-01 00:00:00 Istanbul before the activation date', () => {
    const [event] = given().when(
      cmd({ source: 'HS_2015', consentDate: at('2015-05-01 00:00:00'), activationDate: at('2024-12-31 00:00:00') }),
    );
    expect(event?.data.consentDate).toBe('2015-04-30T21:00:00.000Z');
    expect(EARLIEST_CONSENT_DATE).toBe(at('2015-05-01 00:00:00'));
  });

  it('lets the recipient reject through the registry after a provider ONAY', () => {
    const [event] = given(approved).when(cmd({ status: 'RET', origin: 'IYS', source: 'IYS_WEB', consentDate: add.now }));
    expect(event).toMatchObject({ type: 'consent.ConsentRejected', data: { origin: 'IYS', source: 'IYS_WEB' } });
  });

  it('lets the recipient reject through the registry as the first record (opt-out of a brand that never registered them)', () => {
    const [event] = given().when(cmd({ status: 'RET', origin: 'IYS', source: 'IYS_KISAMESAJ', consentDate: add.now }));
    expect(event).toMatchObject({ type: 'consent.ConsentRejected', data: { origin: 'IYS', source: 'IYS_KISAMESAJ' } });
    // …and a provider can then approve only with a newer date.
    expect(given(event as ConsentEvent).whenRejected(cmd({ consentDate: at('2024-03-05 11:00:00') })).code).toBe('H178');
  });

  it('accepts HS_KARAR with RET on an existing consent', () => {
    expect(given(approved).when(cmd({ status: 'RET', source: 'HS_KARAR', consentDate: add.now }))[0]?.type).toBe('consent.ConsentRejected');
  });

  it('accepts a consentDate equal to now (only later is the future)', () => {
    expect(given().when(cmd({ consentDate: add.now }))).toHaveLength(1);
  });
});

describe('input validity (422)', () => {
  it('H116/H117/H115: values outside the enumerations', () => {
    expect(given().whenRejected(cmd({ recipientType: 'KURUM' as never })).code).toBe('H116');
    expect(given().whenRejected(cmd({ consentType: 'FAKS' as never })).code).toBe('H117');
    expect(given().whenRejected(cmd({ status: 'RED' as never })).code).toBe('H115');
  });

  it('H120: EPOSTA with a phone number', () => {
    const error = given().whenRejected(cmd({ consentType: 'EPOSTA', addressKind: 'phone' }));
    expect(error).toMatchObject({ code: 'H120', location: ['recipient'], message: CONSENT_ERRORS.H120.message });
  });

  it('H121: ARAMA or MESAJ with an e-mail address', () => {
    expect(given().whenRejected(cmd({ consentType: 'MESAJ', addressKind: 'email' }))).toMatchObject({ code: 'H121', location: ['recipient'] });
    expect(given().whenRejected(cmd({ consentType: 'ARAMA', addressKind: 'email' })).code).toBe('H121');
  });

  it('H112: BIREYSEL without consentDate', () => {
    expect(given().whenRejected(cmd({ consentDate: undefined }))).toMatchObject({
      code: 'H112',
      location: ['consentDate'],
      message: 'İzin tarihi (consentDate) bulunamadı.',
    });
  });

  it('H113: BIREYSEL without source', () => {
    expect(given().whenRejected(cmd({ source: undefined }))).toMatchObject({
      code: 'H113',
      location: ['source'],
      message: 'İzin kaynağı (source) bulunamadı.',
    });
  });

  it('H119: a provider sending a registry source (or no known source)', () => {
    const error = given().whenRejected(cmd({ source: 'IYS_WEB' }));
    expect(error).toMatchObject({ code: 'H119', location: ['source'] });
    expect(error.message).toBe(`İzin kaynağı (source) için uygun değerler: ${PROVIDER_SOURCES.join(', ')}`);
    expect(given().whenRejected(cmd({ source: 'HS_FAKS' as never })).code).toBe('H119');
  });

  it('a registry-origin command with a provider source, or none, is a bug upstream: a plain Error, not a DomainError', () => {
    for (const source of ['HS_WEB', undefined] as const) {
      const attempt = () => consentDecider.decide(cmd({ origin: 'IYS', source, recipientType: 'TACIR' }), { status: 'none' });
      expect(attempt).toThrow(/origin IYS/);
      expect(attempt).not.toThrow(DomainError);
    }
  });

  it('H156: consentDate before 2015-05-01 00:00:00 Istanbul', () => {
    const early = { activationDate: at('2024-12-31 00:00:00') };
    expect(given().whenRejected(cmd({ ...early, consentDate: at('2015-04-30 23:59:59') }))).toMatchObject({
      code: 'H156',
      location: ['consentDate'],
    });
    expect(given().when(cmd({ ...early, consentDate: at('2015-05-01 00:00:00') }))).toHaveLength(1);
  });

  it('H155: HS_2015 with any other date, or with the date omitted (TACIR)', () => {
    const early = { activationDate: at('2024-12-31 00:00:00'), source: 'HS_2015' as const };
    expect(given().whenRejected(cmd({ ...early, consentDate: at('2015-05-01 00:00:01') }))).toMatchObject({
      code: 'H155',
      location: ['consentDate'],
    });
    expect(given().whenRejected(cmd({ ...early, consentDate: at('2020-01-01 00:00:00') })).code).toBe('H155');
    expect(given().whenRejected(cmd({ ...early, recipientType: 'TACIR', consentDate: undefined })).code).toBe('H155');
  });

  it('H162: consentDate after now', () => {
    expect(given().whenRejected(cmd({ consentDate: at('2024-03-05 12:00:01') }))).toMatchObject({
      code: 'H162',
      location: ['consentDate'],
    });
  });

  it('H408: HS_KARAR with ONAY', () => {
    expect(given(approved, rejected).whenRejected(cmd({ source: 'HS_KARAR', consentDate: add.now }))).toMatchObject({
      code: 'H408',
      location: ['status'],
    });
  });
});

describe('3 business days after the activation date (H640)', () => {
  const activeSince = at('2024-01-01 00:00:00');
  const notYetActive = at('2024-12-31 00:00:00');

  it('consent on a Friday evening: registrable through Wednesday, late from Thursday 00:00', () => {
    const friday = at('2024-03-01 18:00:00');
    expect(given().when(cmd({ consentDate: friday, now: at('2024-03-06 23:59:59'), activationDate: activeSince }))).toHaveLength(1);
    expect(given().whenRejected(cmd({ consentDate: friday, now: at('2024-03-07 00:00:00'), activationDate: activeSince }))).toMatchObject({
      code: 'H640',
      location: ['consentDate'],
      message: 'İzin tarihi (consentDate), işlem tarihinden en fazla 3 iş günü önce olabilir.',
    });
  });

  it('consent on a Saturday counts from Monday, like Friday', () => {
    const saturday = at('2024-03-02 11:00:00');
    expect(given().when(cmd({ consentDate: saturday, now: at('2024-03-06 23:59:59'), activationDate: activeSince }))).toHaveLength(1);
    expect(given().whenRejected(cmd({ consentDate: saturday, now: at('2024-03-07 00:00:00'), activationDate: activeSince })).code).toBe('H640');
  });

  it('Kurban Bayramı 2024 (arife Sat 15 June, Sun 16 – Wed 19) does not age a consent', () => {
    // Business days after Fri 14 June: Thu 20, Fri 21, Mon 24 → late from Tue 25 00:00.
    const friday = at('2024-06-14 10:00:00');
    expect(given().when(cmd({ consentDate: friday, now: at('2024-06-24 23:59:59'), activationDate: activeSince }))).toHaveLength(1);
    expect(given().whenRejected(cmd({ consentDate: friday, now: at('2024-06-25 00:00:00'), activationDate: activeSince })).code).toBe('H640');
  });

  it('does not apply before the activation date (back-dated consents are accepted)', () => {
    const friday = at('2024-06-14 10:00:00');
    expect(given().when(cmd({ consentDate: friday, now: at('2024-06-25 00:00:00'), activationDate: notYetActive }))).toHaveLength(1);
    expect(given().when(cmd({ consentDate: at('2016-01-01 10:00:00'), activationDate: notYetActive }))).toHaveLength(1);
  });

  it('applies only once now is strictly after the activation date', () => {
    const friday = at('2024-06-14 10:00:00');
    const now = at('2024-06-25 00:00:00');
    expect(given().when(cmd({ consentDate: friday, now, activationDate: now }))).toHaveLength(1);
    expect(given().whenRejected(cmd({ consentDate: friday, now, activationDate: at('2024-06-24 23:59:59') })).code).toBe('H640');
  });

  it('counts Istanbul days in the 2015 summer-time era (+03): 2015-06-01 00:30 is a Monday in Istanbul, a Sunday in UTC', () => {
    const monday = at('2015-06-01 00:30:00');
    expect(monday).toBe('2015-05-31T21:30:00.000Z');
    const active = at('2015-05-15 00:00:00');
    // Istanbul: Tue 2, Wed 3, Thu 4 → still within on Thursday night (counting from the UTC Sunday would make it 4).
    expect(given().when(cmd({ consentDate: monday, now: at('2015-06-04 23:59:59'), activationDate: active }))[0]?.data.consentDate).toBe(monday);
    expect(given().whenRejected(cmd({ consentDate: monday, now: at('2015-06-05 00:00:00'), activationDate: active })).code).toBe('H640');
  });

  it('a year without holiday data surfaces as BusinessCalendarOutOfRange, never as a pass', () => {
    const attempt = () =>
      consentDecider.decide(cmd({ consentDate: at('2030-12-30 10:00:00'), now: at('2031-01-02 10:00:00') }), { status: 'none' });
    expect(attempt).toThrow(BusinessCalendarOutOfRange);
    expect(attempt).not.toThrow(DomainError);
  });

  it('uses the calendar it is given (e.g. an operator extra holiday)', () => {
    const calendar = createTurkishBusinessCalendar({ extraHolidays: [{ date: '2024-03-06', name: 'test', kind: 'full-day' }] });
    const decider = createConsentDecider({ calendar });
    const late = cmd({ consentDate: at('2024-03-01 18:00:00'), now: at('2024-03-07 10:00:00') });
    expect(() => consentDecider.decide(late, { status: 'none' })).toThrow(DomainError);
    expect(decider.decide(late, { status: 'none' })).toHaveLength(1);
  });
});

describe('rules against the stored consent (400)', () => {
  it('H175: a provider cannot make RET the first record', () => {
    expect(given().whenRejected(cmd({ status: 'RET' }))).toMatchObject({
      code: 'H175',
      location: ['status'],
      message: 'İlk defa kaydedilen bir iznin durum (status) bilgisi RET olmamalıdır.',
    });
  });

  it('H175: HS_KARAR cannot be the first record (RET is refused, ONAY is H408)', () => {
    expect(given().whenRejected(cmd({ status: 'RET', source: 'HS_KARAR' })).code).toBe('H175');
    expect(given().whenRejected(cmd({ status: 'ONAY', source: 'HS_KARAR' })).code).toBe('H408');
  });

  it('H174: the same status again, naming the current status', () => {
    expect(given(approved).whenRejected(cmd({ consentDate: add.now }))).toMatchObject({
      code: 'H174',
      location: ['status'],
      message: 'İzin durumu (status) güncellemesi için farklı bir durum girilmelidir. İzin durumu: ONAY',
    });
    expect(given(approved, rejected).whenRejected(cmd({ status: 'RET', consentDate: add.now })).message).toBe(
      'İzin durumu (status) güncellemesi için farklı bir durum girilmelidir. İzin durumu: RET',
    );
  });

  it('H174: a recipient rejecting an already rejected consent', () => {
    expect(given(approved, rejected).whenRejected(cmd({ status: 'RET', origin: 'IYS', source: 'IYS_CM', consentDate: add.now })).code).toBe('H174');
  });

  it('H178: consentDate not strictly later than the stored one (equal or older)', () => {
    const stored = approved.data.consentDate;
    expect(given(approved).whenRejected(cmd({ status: 'RET', consentDate: stored }))).toMatchObject({
      code: 'H178',
      location: ['consentDate'],
      message: 'Sistemdeki iznin tarihinden önceki tarihli izinlerle güncelleme yapılamaz.',
    });
    expect(given(approved).whenRejected(cmd({ status: 'RET', consentDate: at('2024-03-04 09:59:59') })).code).toBe('H178');
    expect(given(approved).when(cmd({ status: 'RET', consentDate: at('2024-03-04 10:00:01') }))).toHaveLength(1);
  });

  describe('TACIR updates', () => {
    const tacir = { recipientType: 'TACIR' as const };
    const first = given().when(cmd({ ...tacir, consentDate: undefined, source: undefined, now: at('2024-03-04 10:00:00') }))[0] as ConsentEvent;

    it('H462: consentDate required when updating', () => {
      expect(given(first).whenRejected(cmd({ ...tacir, status: 'RET', consentDate: undefined }))).toMatchObject({
        code: 'H462',
        location: ['consentDate'],
        message: 'TACIR izinleri güncellenirken izin tarihi (consentDate) verilmelidir',
      });
    });

    it('H463: source required when updating', () => {
      expect(given(first).whenRejected(cmd({ ...tacir, status: 'RET', source: undefined }))).toMatchObject({
        code: 'H463',
        location: ['source'],
        message: 'TACIR izinleri güncellenirken izin kaynağı (source) verilmelidir.',
      });
    });

    it('accepts an update with both', () => {
      expect(given(first).when(cmd({ ...tacir, status: 'RET', consentDate: add.now }))[0]?.type).toBe('consent.ConsentRejected');
    });
  });
});

const tacirApproved = given().when(cmd({ recipientType: 'TACIR', consentDate: at('2024-03-04 09:00:00') }))[0] as ConsentEvent;

describe('order: the first failing rule is reported, input validity before business rules', () => {
  it.each<[string, Partial<RegisterConsent>, ConsentEvent[]]>([
    ['H121', { addressKind: 'email', consentDate: undefined, source: 'IYS_WEB' }, []],
    ['H112', { consentDate: undefined, source: undefined }, []],
    ['H113', { source: undefined, consentDate: at('2010-01-01 00:00:00') }, []],
    ['H119', { source: 'IYS_WEB', consentDate: at('2010-01-01 00:00:00') }, []],
    ['H156', { source: 'HS_2015', consentDate: at('2010-01-01 00:00:00') }, []],
    ['H155', { source: 'HS_2015', consentDate: at('2024-03-06 00:00:00') }, []],
    ['H162', { source: 'HS_KARAR', status: 'ONAY', consentDate: at('2024-03-06 00:00:00') }, []],
    ['H408', { source: 'HS_KARAR', status: 'ONAY', consentDate: at('2024-02-01 00:00:00') }, []],
    ['H640', { status: 'RET', consentDate: at('2024-02-01 00:00:00') }, [approved]],
    ['H462', { recipientType: 'TACIR', status: 'ONAY', consentDate: undefined, source: undefined }, [tacirApproved]],
    ['H175', { status: 'RET', consentDate: at('2024-03-01 00:00:00') }, []],
    ['H174', { consentDate: at('2024-03-01 00:00:00') }, [approved]],
  ])('%s', (code, overrides, history) => {
    expect(given(...history).whenRejected(cmd(overrides)).code).toBe(code);
  });
});

describe('evolve', () => {
  it('folds the last event into the state whatever came before', () => {
    expect(given().state).toEqual({ status: 'none' });
    expect(given(approved).state).toMatchObject({ status: 'ONAY', consentDate: approved.data.consentDate });
    expect(given(approved, rejected).state).toMatchObject({ status: 'RET', consentDate: rejected.data.consentDate });
  });

  it('does not share the retailer list with the event', () => {
    const event = given().when(cmd({ retailerAccess: [1] }))[0] as ConsentEvent;
    const state = consentDecider.evolve({ status: 'none' }, event);
    event.data.retailerAccess.push(2);
    expect(state).toMatchObject({ retailerAccess: [1] });
  });

  it('refuses a command meant for another consent key (wrong stream)', () => {
    expect(() => given(approved).when(cmd({ consentType: 'ARAMA', status: 'RET' }))).toThrow(/another consent key/);
  });
});

describe('consentStreamId', () => {
  const grammar = /^([a-z][A-Za-z0-9]*)-([A-Za-z0-9_:-]+)((?:\.[A-Za-z0-9_:-]+)*)$/;

  it('is consent-recipientId.brandCode.type.recipientType, in the event store grammar', () => {
    const id = consentStreamId('rcp_0f3a9c', 700001, 'MESAJ', 'BIREYSEL');
    expect(id).toBe('consent-rcp_0f3a9c.700001.MESAJ.BIREYSEL');
    expect(grammar.exec(id)?.slice(1, 3)).toEqual(['consent', 'rcp_0f3a9c']);
    expect(consentStreamId('0b9f-4c2e:a', 1, 'EPOSTA', 'TACIR')).toMatch(grammar);
  });

  it('refuses an address instead of an opaque id, and bad parts', () => {
    expect(() => consentStreamId('+905321234567', 700001, 'MESAJ', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('ali@example.com', 700001, 'EPOSTA', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('a.b', 700001, 'EPOSTA', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('', 700001, 'EPOSTA', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('r1', 0, 'EPOSTA', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('r1', 1.5, 'EPOSTA', 'BIREYSEL')).toThrow();
    expect(() => consentStreamId('r1', 1, 'FAKS' as never, 'BIREYSEL')).toThrow();
  });
});

describe('consent error table', () => {
  it('has the published statuses: 422 for request validity, 400 for rules against the stored consent', () => {
    const statuses = Object.fromEntries(Object.entries(CONSENT_ERRORS).map(([code, entry]) => [code, entry.status]));
    expect(statuses).toMatchObject({ H112: 422, H119: 422, H155: 422, H162: 422, H408: 422, H640: 422, H174: 400, H175: 400, H178: 400, H462: 400, H463: 400 });
  });

  it('keeps H119 in step with PROVIDER_SOURCES', () => {
    expect(CONSENT_ERRORS.H119.message).toBe(`İzin kaynağı (source) için uygun değerler: ${PROVIDER_SOURCES.join(', ')}`);
  });

  it('fills placeholders and refuses to leave one open', () => {
    expect(consentError('H174', ['status'], { status: 'ONAY' }).message).toMatch(/İzin durumu: ONAY$/);
    expect(() => consentError('H174', ['status'])).toThrow(/\{\{status\}\}/);
    expect(consentError('H640', ['consentDate'])).toMatchObject({ code: 'H640', location: ['consentDate'] });
  });

  it('uses only H6xx for codes of our own', () => {
    const ours = Object.keys(CONSENT_ERRORS).filter((code) => code.startsWith('H6'));
    expect(ours).toEqual(['H640']);
  });
});
