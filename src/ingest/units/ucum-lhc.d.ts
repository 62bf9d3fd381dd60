/** The subset of `@lhncbc/ucum-lhc` (CommonJS, untyped) that xinzhi uses. */
declare module '@lhncbc/ucum-lhc' {
  interface ConvertResult {
    readonly status: 'succeeded' | 'failed' | 'error';
    readonly toVal: number | null;
    readonly msg: readonly string[];
  }
  interface ValidateResult {
    readonly status: 'valid' | 'invalid' | 'error';
    readonly ucumCode: string | null;
    readonly msg: readonly string[];
  }
  interface UcumLhcUtils {
    convertUnitTo(fromUnit: string, fromVal: number, toUnit: string): ConvertResult;
    validateUnitString(unit: string): ValidateResult;
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
