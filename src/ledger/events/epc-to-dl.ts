/**
 * EPC URNs (GS1 Tag Data Standard) to canonical GS1 Digital Link URIs on https://id.gs1.org, as the
 * CBV 2.0 event hash asks (rule 17). Covers the identifiers supply chains use most: SGTIN, SSCC,
 * SGLN, GRAI, GIAI, GSRN, GDTI, PGLN, LGTIN classes and SGTIN patterns. Any other URN is returned
 * unchanged (a documented simplification, see docs/ledger.md).
 */

/** GS1 mod-10 check digit of a digit string (weights 3,1,3… from the right). */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += d * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

const withCheck = (digits: string): string => digits + gs1CheckDigit(digits);
const DL = 'https://id.gs1.org';

function gtin(cp: string, itemRef: string): string {
  return withCheck(itemRef.slice(0, 1) + cp + itemRef.slice(1));
}

/** The canonical Digital Link URI for an EPC URN, or undefined when the scheme is not covered. */
export function epcToDigitalLink(urn: string): string | undefined {
  const m = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.+)$/.exec(urn);
  if (!m) return undefined;
  // A match has all three groups; the defaults only satisfy the type.
  const [, kind = '', scheme = '', rest = ''] = m;
  const p = rest.split('.');
  const digits = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);
  switch (`${kind}:${scheme}`) {
    case 'id:sgtin':
      if (p.length === 3 && digits(p[0]) && digits(p[1])) return `${DL}/01/${gtin(p[0]!, p[1]!)}/21/${p[2]}`;
      return undefined;
    case 'idpat:sgtin':
      if (p.length === 3 && digits(p[0]) && digits(p[1]) && p[2] === '*')
        return `${DL}/01/${gtin(p[0]!, p[1]!)}`;
      return undefined;
    case 'class:lgtin':
      if (p.length === 3 && digits(p[0]) && digits(p[1])) return `${DL}/01/${gtin(p[0]!, p[1]!)}/10/${p[2]}`;
      return undefined;
    case 'id:sscc':
      if (p.length === 2 && digits(p[0]) && digits(p[1])) {
        return `${DL}/00/${withCheck(p[1]!.slice(0, 1) + p[0] + p[1]!.slice(1))}`;
      }
      return undefined;
    case 'id:sgln':
      if (p.length === 3 && digits(p[0]) && digits(p[1])) {
        const gln = withCheck(p[0]! + p[1]!);
        return p[2] === '0' ? `${DL}/414/${gln}` : `${DL}/414/${gln}/254/${p[2]}`;
      }
      return undefined;
    case 'id:pgln':
      if (p.length === 2 && digits(p[0]) && digits(p[1])) return `${DL}/417/${withCheck(p[0]! + p[1]!)}`;
      return undefined;
    case 'id:grai':
      if (p.length === 3 && digits(p[0]) && digits(p[1]))
        return `${DL}/8003/${withCheck(`0${p[0]}${p[1]}`)}${p[2]}`;
      return undefined;
    case 'id:giai':
      if (p.length === 2 && digits(p[0])) return `${DL}/8004/${p[0]}${p[1]}`;
      return undefined;
    case 'id:gsrn':
      if (p.length === 2 && digits(p[0]) && digits(p[1])) return `${DL}/8018/${withCheck(p[0]! + p[1]!)}`;
      return undefined;
    case 'id:gdti':
      if (p.length === 3 && digits(p[0]) && digits(p[1]))
        return `${DL}/253/${withCheck(p[0]! + p[1]!)}${p[2]}`;
      return undefined;
    default:
      return undefined;
  }
}

const DL_PATH = /^https?:\/\/[^/]+(\/(00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018)\/.*)$/;

/**
 * Rule 18 in part: a Digital Link on a custom domain moves to id.gs1.org and loses its query
 * string. (Reducing it to the finest key qualifiers is not done.)
 */
export function constrainDigitalLink(uri: string): string {
  const m = DL_PATH.exec(uri.split('?')[0]!);
  return m ? `${DL}${m[1]}` : uri;
}
