export { UNIT_ALIASES, unitAlias } from './aliases.js';
export { type Conversion, createUnitConverter, type UnitConverter } from './unit-converter.js';
