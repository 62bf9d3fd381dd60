/**
 * Addresses of delivery instructions, split into the contract's parts (prov, city, district, town,
 * road, roadno, poi, building, floor, room, state, postcode).
 *
 * How the parts are produced. Chinese: the address span is cut from the instruction (it follows
 * 送到/送至/地址… and ends at the contact, the time or punctuation), then a sequence-labelling
 * model trained in xinzhi (the CRF of `analytics/nlp`, trained on CCKS 2021 address elements, see
 * `address-model.ts`) labels its characters. The model's entity types map onto the contract's parts
 * by a fixed table (CCKS devzone → district, houseno and cellno → building, floorno → floor,
 * roomno → room; assist, distance, intersection, community and village_group have no part). The
 * only rules after the model: a trailing room number (301室) that CCKS never labels (its release
 * has no roomno) becomes `room`, and NFKC is applied to each part. English: there is no labelled
 * English address corpus in the project, so English addresses are split by the comma structure
 * and a short table of street-type, unit and state words (documented in docs/ask.md); that part is
 * rules, and says so.
 */
import type { z } from 'zod';
import type { NormText } from './text.js';
import type { AddressSchema } from './types.js';

export type AddressPart =
  | 'prov'
  | 'city'
  | 'district'
  | 'town'
  | 'road'
  | 'roadno'
  | 'poi'
  | 'building'
  | 'floor'
  | 'room'
  | 'state'
  | 'postcode';

export const ADDRESS_PARTS: readonly AddressPart[] = [
  'prov',
  'city',
  'district',
  'town',
  'road',
  'roadno',
  'poi',
  'building',
  'floor',
  'room',
  'state',
  'postcode',
];

export type Address = z.infer<typeof AddressSchema>;

/** A labelled span of the address text (offsets in the string given to the tagger). */
export interface AddressEntity {
  readonly type: string;
  readonly from: number;
  readonly to: number;
}

/** Sequence labeller of Chinese addresses: a trained model behind a function, so tests can fake it. */
export type AddressTagger = (address: string) => AddressEntity[];

/** CCKS 2021 entity types → contract parts; types not listed have no part. */
export const CCKS_TO_PART: Readonly<Record<string, AddressPart>> = {
  prov: 'prov',
  city: 'city',
  district: 'district',
  devzone: 'district',
  town: 'town',
  road: 'road',
  roadno: 'roadno',
  poi: 'poi',
  subpoi: 'poi',
  houseno: 'building',
  cellno: 'building',
  floorno: 'floor',
  roomno: 'room',
};

const MUNICIPALITIES = /^(北京|上海|天津|重庆|香港)(市)?$/;

/** Parts of a Chinese address from the tagger's entities. */
export function zhAddressParts(text: string, tagger: AddressTagger): Address {
  const out: Address = { text };
  const ents = tagger(text)
    .filter((e) => e.to > e.from)
    .sort((a, b) => a.from - b.from);
  const ends: Partial<Record<AddressPart, number>> = {};
  for (const e of ents) {
    let part = CCKS_TO_PART[e.type];
    if (!part) continue;
    let value = text.slice(e.from, e.to).normalize('NFKC');
    if (part === 'prov' && MUNICIPALITIES.test(value)) part = 'city';
    // a district or development zone labelled together with its city (苏州市工业园区): the city
    // prefix as written is the city part, the rest the district
    const prefix =
      part === 'district' && out.city === undefined
        ? /^([\u4e00-\u9fa5]{2,4}?市)(.+(?:区|县|市|园区|开发区|新区))$/.exec(value)
        : null;
    if (prefix) {
      out.city = prefix[1] as string;
      value = prefix[2] as string;
    }
    const prev = out[part];
    if (prev === undefined) {
      out[part] = value;
      ends[part] = e.to;
    } else if (ends[part] === e.from) {
      // adjacent spans of one part (3号楼 + 2单元, 华星时代广场 + 东门) read as one
      out[part] = prev + value;
      ends[part] = e.to;
    }
  }
  const lastEnd = ents.reduce((a, e) => (CCKS_TO_PART[e.type] ? Math.max(a, e.to) : a), 0);
  const rest = text.slice(lastEnd).normalize('NFKC');
  const room = /^\s*([A-Za-z]?\d+[室房]|\d+号房)/.exec(rest);
  if (room && out.room === undefined) out.room = (room[1] as string).trim();
  return order(out);
}

function order(a: Address): Address {
  const out: Address = { text: a.text };
  for (const p of ADDRESS_PARTS) if (a[p] !== undefined) out[p] = a[p];
  return out;
}

const STREET =
  /^(\d+[A-Za-z]?(?:[-–]\d+[A-Za-z]?)?)\s+(.+?\b(?:Street|St|Road|Rd|Avenue|Ave|Parkway|Pkwy|Lane|Ln|Drive|Dr|Way|Boulevard|Blvd|Highway|Hwy|Place|Pl|Court|Ct|Parade|Pde|Terrace|Tce|Crescent|Cres|Close|Cl|Circuit|Cct|Square|Sq|Quay|Walk|Row|Grove|Gr|Esplanade|Esp)\.?)$/i;
const STATE_POST = /^(.*?)\s*\b(NSW|VIC|QLD|SA|WA|TAS|NT|ACT|[A-Z]{2})\s+(\d{4,5})$/;
const ROOM = /^(?:Unit|Flat|Suite|Room|Shop|Dock|Apt|Apartment)\s*[\w-]+$|^#\d+-\d+$/i;
const TRAILING_ROOM = /^(.*?)\s+((?:Unit|Suite|Shop|Dock|Room)\s*[\w-]+)$/i;
const BUILDING = /^(?:Tower|Block|Blk|Building|Bldg)\s*[\w-]+$|^[\w-]+\s+(?:Tower|Block)$/i;
const FLOOR =
  /^(?:Level|Lvl|L)\s*\d+$|^\d+(?:st|nd|rd|th)?\s*(?:Floor|Fl|F)$|^(?:Ground|First|Second|Third)\s+Floor$/i;

/** Parts of an English address, split on commas and the words of the tables above. */
export function enAddressParts(text: string): Address {
  const out: Address = { text };
  const chunks = text
    .normalize('NFKC')
    .split(/,/)
    .map((c) => c.trim())
    .filter(Boolean);
  const set = (p: AddressPart, v: string) => {
    if (out[p] === undefined) out[p] = v;
  };
  chunks.forEach((raw, idx) => {
    // "Unit 5/12 Smith St" and "5/12 Smith St": unit before the slash
    let c = raw;
    const slash = /^(?:(Unit|Flat|Suite|Shop)\s*)?([\w]+)\/(\d+.*)$/i.exec(c);
    if (slash) {
      set('room', slash[1] ? `${slash[1]} ${slash[2]}` : (slash[2] as string));
      c = slash[3] as string;
    }
    // several pieces inside one chunk: "Level 3 Tower B", "Unit 4 12 Smith St"
    const pieces = c.split(
      /\s+(?=(?:Level|Lvl|Unit|Suite|Flat|Room|Shop|Dock|Tower|Block|Blk)\b)|(?<=^(?:Unit|Suite|Flat|Room|Shop|Dock)\s*[\w-]+)\s+(?=\d)/i,
    );
    for (const piece of pieces) {
      let s = piece.trim();
      const tr = TRAILING_ROOM.exec(s);
      if (tr && STREET.test(tr[1] as string)) {
        set('room', tr[2] as string);
        s = tr[1] as string;
      }
      const street = STREET.exec(s);
      const statePost = STATE_POST.exec(s);
      const cityPost = /^(.*?)\s+(\d{5,6})$/.exec(s);
      if (ROOM.test(s)) set('room', s);
      else if (BUILDING.test(s)) set('building', s);
      else if (FLOOR.test(s)) set('floor', s);
      else if (street) {
        set('roadno', street[1] as string);
        set('road', street[2] as string);
      } else if (statePost) {
        if (statePost[1]) set('city', statePost[1]);
        set('state', statePost[2] as string);
        set('postcode', statePost[3] as string);
      } else if (/^\d{4,6}$/.test(s)) set('postcode', s);
      else if (cityPost) {
        set('city', cityPost[1] as string);
        set('postcode', cityPost[2] as string);
      } else if (idx === 0 && out.road === undefined) set('poi', s);
      else if (out.road !== undefined || out.poi !== undefined) set('city', s);
      else set('poi', s);
    }
  });
  return order(out);
}

export type { NormText };
