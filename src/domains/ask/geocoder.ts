/**
 * Addresses → coordinates for the delivery planner, behind a small interface so a real service
 * (Amap, Baidu, Nominatim…) can replace the offline gazetteer without touching the planner.
 *
 * The offline gazetteer matches the most precise part it knows, road before district before city,
 * and says which one matched, so an order placed at a district centroid is visibly approximate.
 * The built-in table covers the demo's city (Suzhou, where the demo depot is) with approximate
 * centroids of its districts, county-level cities and main roads; it is demo data, not a survey.
 */
import type { Address } from './address.js';

export interface GeocodeHit {
  readonly lat: number;
  readonly lon: number;
  /** Which part of the address gave the point. */
  readonly precision: 'road' | 'poi' | 'district' | 'city';
  /** The gazetteer name that matched. */
  readonly matched: string;
}

export interface Geocoder {
  geocode(address: Address): Promise<GeocodeHit | undefined>;
}

export interface GazetteerEntry {
  readonly name: string;
  readonly kind: 'road' | 'poi' | 'district' | 'city';
  readonly lat: number;
  readonly lon: number;
  /** City the entry belongs to, so a road of another city is not matched. */
  readonly city?: string;
}

const strip = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[市区县]$/, '')
    .toLowerCase();

export function gazetteerGeocoder(entries: readonly GazetteerEntry[]): Geocoder {
  const byKind = (k: GazetteerEntry['kind']) => entries.filter((e) => e.kind === k);
  const find = (k: GazetteerEntry['kind'], value: string | undefined, city: string | undefined) => {
    if (!value) return undefined;
    const v = strip(value);
    return byKind(k).find((e) => strip(e.name) === v && (!city || !e.city || strip(e.city) === strip(city)));
  };
  return {
    geocode(a) {
      const city = a.city;
      if (city && !byKind('city').some((e) => strip(e.name) === strip(city)))
        return Promise.resolve(undefined);
      const hit =
        find('road', a.road, city) ??
        find('poi', a.poi, city) ??
        find('district', a.district, city) ??
        find('city', a.city, undefined);
      return Promise.resolve(
        hit ? { lat: hit.lat, lon: hit.lon, precision: hit.kind, matched: hit.name } : undefined,
      );
    },
  };
}

/** Approximate points of the demo city, Suzhou (WGS 84). */
export const SUZHOU_GAZETTEER: readonly GazetteerEntry[] = [
  { name: '苏州市', kind: 'city', lat: 31.299, lon: 120.585 },
  { name: 'Suzhou', kind: 'city', lat: 31.299, lon: 120.585 },
  { name: '姑苏区', kind: 'district', lat: 31.311, lon: 120.617, city: '苏州市' },
  { name: '工业园区', kind: 'district', lat: 31.317, lon: 120.719, city: '苏州市' },
  { name: '苏州工业园区', kind: 'district', lat: 31.317, lon: 120.719, city: '苏州市' },
  { name: '吴中区', kind: 'district', lat: 31.262, lon: 120.632, city: '苏州市' },
  { name: '相城区', kind: 'district', lat: 31.369, lon: 120.642, city: '苏州市' },
  { name: '虎丘区', kind: 'district', lat: 31.295, lon: 120.566, city: '苏州市' },
  { name: '高新区', kind: 'district', lat: 31.298, lon: 120.545, city: '苏州市' },
  { name: '吴江区', kind: 'district', lat: 31.139, lon: 120.645, city: '苏州市' },
  { name: '昆山市', kind: 'district', lat: 31.385, lon: 120.981, city: '苏州市' },
  { name: '常熟市', kind: 'district', lat: 31.654, lon: 120.752, city: '苏州市' },
  { name: '太仓市', kind: 'district', lat: 31.457, lon: 121.13, city: '苏州市' },
  { name: '张家港市', kind: 'district', lat: 31.875, lon: 120.555, city: '苏州市' },
  { name: '星湖街', kind: 'road', lat: 31.3, lon: 120.737, city: '苏州市' },
  { name: '现代大道', kind: 'road', lat: 31.322, lon: 120.7, city: '苏州市' },
  { name: '金鸡湖大道', kind: 'road', lat: 31.31, lon: 120.705, city: '苏州市' },
  { name: '苏州大道东', kind: 'road', lat: 31.32, lon: 120.68, city: '苏州市' },
  { name: '星海街', kind: 'road', lat: 31.315, lon: 120.675, city: '苏州市' },
  { name: '旺墩路', kind: 'road', lat: 31.318, lon: 120.69, city: '苏州市' },
  { name: '干将路', kind: 'road', lat: 31.306, lon: 120.62, city: '苏州市' },
  { name: '人民路', kind: 'road', lat: 31.305, lon: 120.62, city: '苏州市' },
  { name: '观前街', kind: 'road', lat: 31.31, lon: 120.625, city: '苏州市' },
  { name: '东环路', kind: 'road', lat: 31.305, lon: 120.645, city: '苏州市' },
  { name: '南环路', kind: 'road', lat: 31.282, lon: 120.62, city: '苏州市' },
  { name: '北环路', kind: 'road', lat: 31.325, lon: 120.62, city: '苏州市' },
  { name: '石路', kind: 'road', lat: 31.313, lon: 120.6, city: '苏州市' },
  { name: '金山路', kind: 'road', lat: 31.3, lon: 120.545, city: '苏州市' },
  { name: '狮山路', kind: 'road', lat: 31.296, lon: 120.57, city: '苏州市' },
  { name: '东吴北路', kind: 'road', lat: 31.275, lon: 120.625, city: '苏州市' },
  { name: '前进西路', kind: 'road', lat: 31.385, lon: 120.95, city: '苏州市' },
  { name: '金鸡湖', kind: 'poi', lat: 31.315, lon: 120.7, city: '苏州市' },
  { name: '苏州中心', kind: 'poi', lat: 31.318, lon: 120.676, city: '苏州市' },
  { name: '独墅湖', kind: 'poi', lat: 31.27, lon: 120.73, city: '苏州市' },
];
