/** Shared lexical rules of the CPLEX LP format, used by the reader and the writer. */

/** Characters allowed in LP names (CPLEX): letters, digits and !"#$%&()/,.;?@_`'{}|~; not first a digit or a period. */
export const LP_NAME = /^[A-Za-z_!"#$%&()/,;?@`'{}|~][A-Za-z0-9_!"#$%&()/,.;?@`'{}|~]*$/;

/** Words that start a section when they begin a line, and so cannot be names there. */
export const LP_KEYWORDS =
  /^(minimi[sz]e|minimum|min|maximi[sz]e|maximum|max|subject|such|st|s\.t\.|bounds?|generals?|gen|integers?|binar(y|ies)|bin|semi-continuous|semis?|sos|end|free|inf|infinity)$/i;

/** CPLEX limits names to 255 characters. */
export const LP_MAX_NAME = 255;

/** Why `name` cannot be written in an LP file, or undefined when it can. */
export function lpNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > LP_MAX_NAME) return `is longer than ${LP_MAX_NAME} characters`;
  if (!LP_NAME.test(name))
    return 'has a character not allowed in LP names (or starts with a digit or period)';
  if (LP_KEYWORDS.test(name)) return 'is an LP keyword';
  if (/^[eE][0-9]/.test(name)) return 'could be read as an exponent';
  return undefined;
}
