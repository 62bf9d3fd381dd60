/**
 * Unit conversion through the UCUM reference implementation (`@lhncbc/ucum-lhc`). The library
 * parses the unit strings on every call (~300k conversions/s), far too slow per point, so each
 * (from, to) pair is converted once at two points to derive `to = from × factor + offset`, checked
 * for linearity at a third point, and cached. Every UCUM conversion between commensurable units
 * in xinzhi's domain is affine (temperatures have an offset); a non-linear pair (e.g. a log unit
 * like `B[SPL]`) falls back to calling the library per value.
 */
import ucum from '@lhncbc/ucum-lhc';
import { XinzhiError } from '../../core/index.js';
import { unitAlias } from './aliases.js';

export interface Conversion {
  readonly from: string;
  readonly to: string;
  /** True when no conversion is needed (same unit). */
  readonly identity: boolean;
  /** `to = from × factor + offset`, when the conversion is affine (every one but log units). */
  readonly affine?: { readonly factor: number; readonly offset: number };
  convert(value: number): number;
}

export interface UnitConverter {
  /** The UCUM code for a user-typed unit (aliases resolved), or an INGEST_BAD_UNIT error. */
  normalize(unit: string, where?: string): string;
  /** A cached conversion from `from` to `to` (both may be aliases), or an INGEST_BAD_UNIT error. */
  conversion(from: string, to: string, where?: string): Conversion;
}

type Ucum = ReturnType<typeof ucum.UcumLhcUtils.getInstance>;
let shared: Ucum | undefined;
// The library loads its unit tables (~1 MB JSON) on first use; do it once per process.
const lib = (): Ucum => {
  shared ??= ucum.UcumLhcUtils.getInstance();
  return shared;
};

const near = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Creates a converter with its own caches. `where` in errors names the series or field.
 *
 * @example
 * const units = createUnitConverter();
 * units.conversion('°F', 'Cel').convert(212); // 100
 */
export function createUnitConverter(): UnitConverter {
  const codes = new Map<string, string>();
  const pairs = new Map<string, Conversion>();

  const normalize = (unit: string, where?: string): string => {
    const hit = codes.get(unit);
    if (hit !== undefined) return hit;
    const code = unitAlias(unit);
    // A UCUM code has no blanks; the library would also print its own complaint to the console.
    const v = /\s/.test(code) ? { status: 'invalid' } : lib().validateUnitString(code);
    if (v.status !== 'valid') {
      throw new XinzhiError(
        'INGEST_BAD_UNIT',
        `unknown unit "${unit}"${where ? ` for ${where}` : ''}: not a UCUM code or known alias (e.g. Cel, [degF], kPa, [psi], /min, %)`,
        { ...(where === undefined ? {} : { field: where }), context: { unit } },
      );
    }
    codes.set(unit, code);
    return code;
  };

  const conversion = (from: string, to: string, where?: string): Conversion => {
    const key = `${from}\u0000${to}`;
    const hit = pairs.get(key);
    if (hit) return hit;
    const f = normalize(from, where);
    const t = normalize(to, where);
    let conv: Conversion;
    if (f === t) {
      conv = { from: f, to: t, identity: true, affine: { factor: 1, offset: 0 }, convert: (v) => v };
    } else {
      const at = (x: number): number => {
        const r = lib().convertUnitTo(f, x, t);
        if (r.status !== 'succeeded' || r.toVal === null) {
          throw new XinzhiError(
            'INGEST_BAD_UNIT',
            `cannot convert "${from}" to "${to}"${where ? ` for ${where}` : ''}: the units are not commensurable`,
            {
              ...(where === undefined ? {} : { field: where }),
              context: { from, to, detail: r.msg.join(' ') },
            },
          );
        }
        return r.toVal;
      };
      const y0 = at(0);
      const y1 = at(1);
      const factor = y1 - y0;
      const offset = y0;
      const linear = near(at(1000), 1000 * factor + offset) && near(at(-37.5), -37.5 * factor + offset);
      conv = linear
        ? { from: f, to: t, identity: false, affine: { factor, offset }, convert: (v) => v * factor + offset }
        : { from: f, to: t, identity: false, convert: at };
    }
    pairs.set(key, conv);
    return conv;
  };

  return { normalize, conversion };
}
