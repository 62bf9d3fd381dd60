/**
 * Wind speed at 2 m, m/s, from a measurement uz at height z metres above ground, for a logarithmic
 * profile over short grass (Eq. 47).
 * @example windSpeedAt2m(3.2, 10) // 2.39 (Example 14)
 */
export function windSpeedAt2m(uzMs: number, heightM: number): number {
  return (uzMs * 4.87) / Math.log(67.8 * heightM - 5.42);
}
