import type { PlaceRef } from '../retailer.events.js';
import { PROVINCES } from './turkish-provinces.data.js';

export interface City extends PlaceRef {}
export interface Town extends PlaceRef {
  /** The plate code of the town's city (İYS's `Town` carries `city_code`). */
  cityCode: string;
}

const CITIES: readonly City[] = PROVINCES.map(({ code, name }) => ({ code, name }));
const TOWNS: readonly Town[] = PROVINCES.flatMap((p) => p.towns.map((t) => ({ code: t.code, name: t.name, cityCode: p.code })));
const CITY_BY_CODE = new Map(CITIES.map((c) => [c.code, c]));
const TOWN_BY_CODE = new Map(TOWNS.map((t) => [t.code, t]));

/** Türkiye's provinces and districts (reference data shipped with the registry). */
export const places = {
  cities: (): readonly City[] => CITIES,
  city: (code: string): City | undefined => CITY_BY_CODE.get(code),
  towns: (cityCode?: string): readonly Town[] => (cityCode === undefined ? TOWNS : TOWNS.filter((t) => t.cityCode === cityCode)),
  town: (code: string): Town | undefined => TOWN_BY_CODE.get(code),
};
