/**
 * Topic layout of the demo, the same the platform expects from real devices (DESIGN.md):
 * `xinzhi/v1/<asset path>/<metric>`, e.g. `xinzhi/v1/factory1/assembly/line1/cnc-01/vibration`.
 *
 * Asset descriptions go out retained on `xinzhi/meta/v1/<asset path>`. They sit outside the
 * `xinzhi/v1/` data prefix on purpose: the embedded broker ingests every topic under that prefix
 * as readings, and a description is not a reading.
 */
export const DATA_PREFIX = 'xinzhi/v1/';
export const META_PREFIX = 'xinzhi/meta/v1/';

export const dataTopic = (assetPath: string, metric: string): string =>
  `${DATA_PREFIX}${assetPath}/${metric}`;
export const metaTopic = (assetPath: string): string => `${META_PREFIX}${assetPath}`;
