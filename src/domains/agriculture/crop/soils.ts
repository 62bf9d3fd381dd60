/**
 * Typical soil water characteristics by texture, FAO-56 Table 19: volumetric water content at
 * field capacity and wilting point, m³/m³. The table gives ranges; the middle of each range is
 * used here and both ends are kept. Measured values for the field should replace them.
 */
export interface SoilTexture {
  readonly id: string;
  readonly name: string;
  readonly thetaFc: number;
  readonly thetaWp: number;
  readonly thetaFcRange: readonly [number, number];
  readonly thetaWpRange: readonly [number, number];
}

const mid = (a: number, b: number): number => Math.round(((a + b) / 2) * 1000) / 1000;
const soil = (id: string, name: string, fc: [number, number], wp: [number, number]): SoilTexture => ({
  id,
  name,
  thetaFc: mid(...fc),
  thetaWp: mid(...wp),
  thetaFcRange: fc,
  thetaWpRange: wp,
});

export const SOIL_TEXTURES: readonly SoilTexture[] = [
  soil('sand', 'Sand', [0.07, 0.17], [0.02, 0.07]),
  soil('loamy-sand', 'Loamy sand', [0.11, 0.19], [0.03, 0.1]),
  soil('sandy-loam', 'Sandy loam', [0.18, 0.28], [0.06, 0.16]),
  soil('loam', 'Loam', [0.2, 0.3], [0.07, 0.17]),
  soil('silt-loam', 'Silt loam', [0.22, 0.36], [0.09, 0.21]),
  soil('silt', 'Silt', [0.28, 0.36], [0.12, 0.22]),
  soil('silty-clay-loam', 'Silty clay loam', [0.3, 0.37], [0.17, 0.24]),
  soil('silty-clay', 'Silty clay', [0.3, 0.42], [0.17, 0.29]),
  soil('clay', 'Clay', [0.32, 0.4], [0.2, 0.24]),
];

export function findSoilTexture(id: string): SoilTexture | undefined {
  return SOIL_TEXTURES.find((s) => s.id === id);
}
