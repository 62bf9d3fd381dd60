/**
 * Constants of FAO Irrigation and Drainage Paper 56 (Allen, Pereira, Raes & Smith 1998), by the
 * equation that introduces them. Units follow the paper: MJ, kPa, °C, m/s, mm.
 */

/** Solar constant Gsc, MJ m⁻² min⁻¹ (Eq. 21). */
export const SOLAR_CONSTANT = 0.082;
/** Stefan–Boltzmann constant σ, MJ K⁻⁴ m⁻² day⁻¹ (Eq. 39); hourly steps use σ/24. */
export const STEFAN_BOLTZMANN = 4.903e-9;
/** Albedo of the grass reference crop (Eq. 38). */
export const REFERENCE_ALBEDO = 0.23;
/** Latent heat of vaporisation λ, MJ/kg at about 20 °C (Eq. 8 and Eq. 20). */
export const LATENT_HEAT = 2.45;
/** 1/λ: converts MJ m⁻² day⁻¹ to mm/day of evaporation equivalent (Eq. 20). */
export const MJ_TO_MM = 0.408;
/** Kelvin offset the paper uses inside Rnl (Eq. 39): T[K] = T[°C] + 273.16. */
export const KELVIN_RNL = 273.16;
/** Ångström coefficients recommended when no calibration exists (Eq. 35). */
export const ANGSTROM_AS = 0.25;
export const ANGSTROM_BS = 0.5;
/** Hargreaves radiation adjustment kRs (Eq. 50): interior and coastal locations. */
export const KRS_INTERIOR = 0.16;
export const KRS_COASTAL = 0.19;
/** Wind speed the paper recommends when no wind data exist: 2 m/s at 2 m (Chapter 3, "Missing wind speed data"). */
export const DEFAULT_WIND_U2 = 2;
