/**
 * Turkish public holidays (resmî tatiller), kept as data for every year the registry accepts.
 *
 * OPERATORS: this table was written by hand, without access to the Official Gazette. Before relying on
 * it, verify every year against the Resmî Gazete / Diyanet İşleri Başkanlığı calendar, and correct or
 * extend it through `createTurkishBusinessCalendar({ yearOverrides, extraHolidays, removedDates })`
 * (turkish-business-calendar.ts) rather than by editing the rules that use it.
 *
 * Sources
 * - Fixed holidays: Law No. 2429 on National Holidays and General Holidays (Ulusal Bayram ve Genel
 *   Tatiller Hakkında Kanun), as amended: 1 Jan, 23 Apr, 1 May, 19 May, 30 Aug, 29 Oct, and
 *   28 Oct from 13:00; 15 Jul (Demokrasi ve Millî Birlik Günü) added in late 2016, first observed 2017.
 * - Religious holidays: Ramazan Bayramı (3 days) and Kurban Bayramı (4 days), each preceded by its
 *   arife (eve), a holiday from 13:00. Dates are those of the Diyanet İşleri Başkanlığı calendar
 *   (Hicri → Miladi). Past years (2015–2025) are the dates that were observed; 2026 is Diyanet's
 *   published calendar; 2027–2030 are Diyanet's computed calendar and are the most likely to need a
 *   correction if Diyanet revises them. The table was cross-checked for plausibility: Kurban starts
 *   67–69 days after Ramazan (Şevval 1 → Zilhicce 10) and each Bayram moves 354–355 days a year.
 * - Not included: administrative leave (idari izin) that the government grants to public servants
 *   around some Bayrams (e.g. bridge days). It is not a public holiday and private businesses work;
 *   add such days with `extraHolidays` if your operator policy treats them as non-business days.
 */

/** A day on which the Turkish public-holiday law gives a holiday. */
export interface PublicHoliday {
  /** Calendar day in Europe/Istanbul, `YYYY-MM-DD`. */
  readonly date: string;
  /** Turkish name, e.g. `Kurban Bayramı (2. gün)`. */
  readonly name: string;
  /** `full-day`: the whole day is a holiday. `half-day-eve`: a holiday from 13:00 (arife, 28 Ekim). */
  readonly kind: 'full-day' | 'half-day-eve';
}

/** Holidays per Gregorian year. A year that is absent is not covered: the calendar refuses it. */
export type PublicHolidayTable = Readonly<Record<number, readonly PublicHoliday[]>>;

/** First days of the religious holidays (1 Şevval and 10 Zilhicce, Diyanet calendar). */
export interface ReligiousHolidayFirstDays {
  /** First day of Ramazan Bayramı; the Bayram lasts 3 days, its arife is the day before. */
  readonly ramazanBayrami: string;
  /** First day of Kurban Bayramı; the Bayram lasts 4 days, its arife is the day before. */
  readonly kurbanBayrami: string;
}

export const FIRST_COVERED_YEAR = 2015;
export const LAST_COVERED_YEAR = 2030;

/**
 * The religious-holiday data. Each line's comment spells the resulting days out (Turkish weekday
 * abbreviations) so a reviewer can check it against a printed calendar.
 */
export const RELIGIOUS_HOLIDAY_FIRST_DAYS: Readonly<Record<number, ReligiousHolidayFirstDays>> = {
  // Ramazan Cum 17 – Paz 19 Tem (arife Per 16 Tem); Kurban Per 24 – Paz 27 Eyl (arife Çar 23 Eyl)
  2015: { ramazanBayrami: '2015-07-17', kurbanBayrami: '2015-09-24' },
  // Ramazan Sal 5 – Per 7 Tem (arife Pzt 4 Tem); Kurban Pzt 12 – Per 15 Eyl (arife Paz 11 Eyl)
  2016: { ramazanBayrami: '2016-07-05', kurbanBayrami: '2016-09-12' },
  // Ramazan Paz 25 – Sal 27 Haz (arife Cmt 24 Haz); Kurban Cum 1 – Pzt 4 Eyl (arife Per 31 Ağu)
  2017: { ramazanBayrami: '2017-06-25', kurbanBayrami: '2017-09-01' },
  // Ramazan Cum 15 – Paz 17 Haz (arife Per 14 Haz); Kurban Sal 21 – Cum 24 Ağu (arife Pzt 20 Ağu)
  2018: { ramazanBayrami: '2018-06-15', kurbanBayrami: '2018-08-21' },
  // Ramazan Sal 4 – Per 6 Haz (arife Pzt 3 Haz); Kurban Paz 11 – Çar 14 Ağu (arife Cmt 10 Ağu)
  2019: { ramazanBayrami: '2019-06-04', kurbanBayrami: '2019-08-11' },
  // Ramazan Paz 24 – Sal 26 May (arife Cmt 23 May); Kurban Cum 31 Tem – Pzt 3 Ağu (arife Per 30 Tem)
  2020: { ramazanBayrami: '2020-05-24', kurbanBayrami: '2020-07-31' },
  // Ramazan Per 13 – Cmt 15 May (arife Çar 12 May); Kurban Sal 20 – Cum 23 Tem (arife Pzt 19 Tem)
  2021: { ramazanBayrami: '2021-05-13', kurbanBayrami: '2021-07-20' },
  // Ramazan Pzt 2 – Çar 4 May (arife Paz 1 May); Kurban Cmt 9 – Sal 12 Tem (arife Cum 8 Tem)
  2022: { ramazanBayrami: '2022-05-02', kurbanBayrami: '2022-07-09' },
  // Ramazan Cum 21 – Paz 23 Nis (arife Per 20 Nis); Kurban Çar 28 Haz – Cmt 1 Tem (arife Sal 27 Haz)
  2023: { ramazanBayrami: '2023-04-21', kurbanBayrami: '2023-06-28' },
  // Ramazan Çar 10 – Cum 12 Nis (arife Sal 9 Nis); Kurban Paz 16 – Çar 19 Haz (arife Cmt 15 Haz)
  2024: { ramazanBayrami: '2024-04-10', kurbanBayrami: '2024-06-16' },
  // Ramazan Paz 30 Mar – Sal 1 Nis (arife Cmt 29 Mar); Kurban Cum 6 – Pzt 9 Haz (arife Per 5 Haz)
  2025: { ramazanBayrami: '2025-03-30', kurbanBayrami: '2025-06-06' },
  // Ramazan Cum 20 – Paz 22 Mar (arife Per 19 Mar); Kurban Çar 27 – Cmt 30 May (arife Sal 26 May)
  2026: { ramazanBayrami: '2026-03-20', kurbanBayrami: '2026-05-27' },
  // Ramazan Sal 9 – Per 11 Mar (arife Pzt 8 Mar); Kurban Paz 16 – Çar 19 May (arife Cmt 15 May)
  2027: { ramazanBayrami: '2027-03-09', kurbanBayrami: '2027-05-16' },
  // Ramazan Cmt 26 – Pzt 28 Şub (arife Cum 25 Şub); Kurban Cum 5 – Pzt 8 May (arife Per 4 May)
  2028: { ramazanBayrami: '2028-02-26', kurbanBayrami: '2028-05-05' },
  // Ramazan Çar 14 – Cum 16 Şub (arife Sal 13 Şub); Kurban Sal 24 – Cum 27 Nis (arife Pzt 23 Nis)
  2029: { ramazanBayrami: '2029-02-14', kurbanBayrami: '2029-04-24' },
  // Ramazan Pzt 4 – Çar 6 Şub (arife Paz 3 Şub); Kurban Cmt 13 – Sal 16 Nis (arife Cum 12 Nis)
  2030: { ramazanBayrami: '2030-02-04', kurbanBayrami: '2030-04-13' },
};

/** The fixed holidays of Law No. 2429 for `year` (15 Temmuz only from 2017). */
export function fixedPublicHolidays(year: number): PublicHoliday[] {
  const on = (monthDay: string, name: string, kind: PublicHoliday['kind'] = 'full-day'): PublicHoliday => ({
    date: `${String(year).padStart(4, '0')}-${monthDay}`,
    name,
    kind,
  });
  return [
    on('01-01', 'Yılbaşı'),
    on('04-23', 'Ulusal Egemenlik ve Çocuk Bayramı'),
    on('05-01', 'Emek ve Dayanışma Günü'),
    on('05-19', "Atatürk'ü Anma, Gençlik ve Spor Bayramı"),
    ...(year >= 2017 ? [on('07-15', 'Demokrasi ve Millî Birlik Günü')] : []),
    on('08-30', 'Zafer Bayramı'),
    on('10-28', 'Cumhuriyet Bayramı arifesi (13.00’ten itibaren)', 'half-day-eve'),
    on('10-29', 'Cumhuriyet Bayramı'),
  ];
}

/** Ramazan Bayramı (eve + 3 days) and Kurban Bayramı (eve + 4 days) from their first days. */
export function religiousPublicHolidays(firstDays: ReligiousHolidayFirstDays): PublicHoliday[] {
  return [
    ...bayram('Ramazan Bayramı', firstDays.ramazanBayrami, 3),
    ...bayram('Kurban Bayramı', firstDays.kurbanBayrami, 4),
  ];
}

function bayram(name: string, firstDay: string, length: number): PublicHoliday[] {
  const eve: PublicHoliday = {
    date: shiftDay(firstDay, -1),
    name: `${name} arifesi (13.00’ten itibaren)`,
    kind: 'half-day-eve',
  };
  const days = Array.from({ length }, (_, index): PublicHoliday => ({
    date: shiftDay(firstDay, index),
    name: `${name} (${index + 1}. gün)`,
    kind: 'full-day',
  }));
  return [eve, ...days];
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function buildTable(): PublicHolidayTable {
  const table: Record<number, readonly PublicHoliday[]> = {};
  for (let year = FIRST_COVERED_YEAR; year <= LAST_COVERED_YEAR; year++) {
    const religious = RELIGIOUS_HOLIDAY_FIRST_DAYS[year];
    if (religious === undefined) throw new Error(`Religious holiday data missing for ${year}`);
    const holidays = [...fixedPublicHolidays(year), ...religiousPublicHolidays(religious)].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    );
    // No Bayram of 2015–2030 crosses New Year; if one ever does, its days must go to their own year.
    const stray = holidays.find((holiday) => !holiday.date.startsWith(`${year}-`));
    if (stray !== undefined) throw new Error(`${stray.name} on ${stray.date} is filed under ${year}`);
    table[year] = Object.freeze(holidays.map((holiday) => Object.freeze(holiday)));
  }
  return Object.freeze(table);
}

/**
 * The default table, 2015–2030, one sorted list per year. Where two holidays share a day (e.g. the
 * arife of Ramazan Bayramı 2022 on 1 May) both entries are listed; the full-day one wins.
 */
export const TURKISH_PUBLIC_HOLIDAYS: PublicHolidayTable = buildTable();
