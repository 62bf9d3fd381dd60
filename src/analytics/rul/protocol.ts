/**
 * The standard C-MAPSS protocol (Heimes 2008; Babu et al. 2016; Li, Ding & Sun 2018 "DCNN"):
 * 14 of the 21 sensors carry degradation information (the others are constant or nearly so in
 * FD001/FD003), training targets are capped at 125 cycles (a piecewise-linear RUL: an engine is
 * "healthy" until its last 125 cycles), and each test engine gets one prediction from its last
 * window.
 */

/** 1-based sensor numbers: T24, T30, T50, P30, Nf, Nc, Ps30, phi, NRf, NRc, BPR, htBleed, W31, W32. */
export const INFORMATIVE_SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21] as const;

export const RUL_CAP = 125;

/** Published test-set RMSE that the evaluation prints next to ours (figures from the issue). */
export const PUBLISHED_RMSE = {
  'DCNN 2018': { FD001: 12.61, FD002: 22.36, FD003: 12.64, FD004: 23.31 },
  'STAR 2024': { FD001: 10.61, FD002: 13.47, FD003: 10.71, FD004: 15.87 },
} as const;
