/**
 * OPC UA EngineeringUnits (EUInformation, Part 8 §5.6.3) to UCUM. Servers use UNECE Recommendation
 * 20 codes packed into `unitId` (each character a byte); the common ones in plants map here, the
 * rest map to nothing and the series takes the unit configured for it, if any.
 */
const UNECE_TO_UCUM: Readonly<Record<string, string>> = {
  CEL: 'Cel',
  FAH: '[degF]',
  KEL: 'K',
  BAR: 'bar',
  MBR: 'mbar',
  PAL: 'Pa',
  KPA: 'kPa',
  MPA: 'MPa',
  PS: '[psi]',
  VLT: 'V',
  KVT: 'kV',
  AMP: 'A',
  '4K': 'mA',
  WTT: 'W',
  KWT: 'kW',
  MAW: 'MW',
  KWH: 'kW.h',
  MWH: 'MW.h',
  HTZ: 'Hz',
  P1: '%',
  MTR: 'm',
  MMT: 'mm',
  CMT: 'cm',
  LTR: 'L',
  MTQ: 'm3',
  MQH: 'm3/h',
  L2: 'L/min',
  SEC: 's',
  MIN: 'min',
  HUR: 'h',
  KGM: 'kg',
  TNE: 't',
  NEW: 'N',
  NU: 'N.m',
  MTS: 'm/s',
  RPM: '/min',
  KMH: 'km/h',
};

/** The UNECE code packed in an EUInformation `unitId` (e.g. 4408652 → `CEL`). */
export function uneceCode(unitId: number): string {
  let s = '';
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (unitId >>> shift) & 0xff;
    if (c !== 0) s += String.fromCharCode(c);
  }
  return s;
}

/** The UCUM code of an EUInformation `unitId`, or undefined. */
export function ucumOfUnitId(unitId: number | undefined): string | undefined {
  if (unitId === undefined || unitId <= 0) return undefined;
  return UNECE_TO_UCUM[uneceCode(unitId)];
}
