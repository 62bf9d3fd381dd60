/** A GS1 Digital Link or URN without the `https://id.gs1.org` prefix, for narrow table cells. */
export const short = (id: string): string => id.replace(/^https:\/\/id\.gs1\.org\/?/, '');
