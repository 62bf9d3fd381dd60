/** Atmospheric parameters (FAO-56 Chapter 3). */

/**
 * Atmospheric pressure P, kPa, from elevation z in metres (Eq. 7).
 * @example atmosphericPressure(1800) // 81.76 (Example 2)
 */
export function atmosphericPressure(elevationM: number): number {
  return 101.3 * ((293 - 0.0065 * elevationM) / 293) ** 5.26;
}

/**
 * Psychrometric constant γ, kPa/°C, from P in kPa (Eq. 8): γ = cp P/(ε λ) = 0.665×10⁻³ P.
 * @example psychrometricConstant(81.8) // 0.0544 (Example 2)
 */
export function psychrometricConstant(pressureKPa: number): number {
  return 0.665e-3 * pressureKPa;
}
