import type { Issue } from '../../core/index.js';

/** Where an MQTT topic says a reading belongs: the asset path and the metric (its last segment). */
export interface TopicTarget {
  readonly assetId: string;
  readonly metric: string;
  /** `<asset id>/<metric>`. */
  readonly seriesId: string;
}

/** The xinzhi topic namespace, ISA-95 style: `xinzhi/v1/<site>/<area>/<line>/<equipment>/<metric>`. */
export const DEFAULT_TOPIC_PREFIX = 'xinzhi/v1/';

const SEGMENT_RE = /^[A-Za-z0-9_.~:@-]+$/;

/**
 * Reads asset and metric from a topic. The prefix is stripped when present; topics from an external
 * broker outside the prefix use their whole path. At least one asset segment and a metric are
 * required, and each segment must be a plain name (letters, digits, `_ . ~ : @ -`), because series
 * and asset ids are paths that must survive URLs and CLI arguments unescaped.
 *
 * @example parseTopic('xinzhi/v1/plant1/press/line1/m3/temp')
 *   // → { ok: true, value: { assetId: 'plant1/press/line1/m3', metric: 'temp', seriesId: 'plant1/press/line1/m3/temp' } }
 */
export function parseTopic(
  topic: string,
  prefix: string = DEFAULT_TOPIC_PREFIX,
): { ok: true; value: TopicTarget } | { ok: false; issue: Issue } {
  const path = prefix !== '' && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  const segments = path.split('/');
  if (segments.length < 2) {
    return {
      ok: false,
      issue: {
        code: 'INGEST_BAD_TOPIC',
        message: `topic '${topic}' needs at least an asset and a metric after '${prefix}', e.g. ${prefix}site1/boiler/temp`,
        where: topic,
      },
    };
  }
  const bad = segments.findIndex((s) => !SEGMENT_RE.test(s));
  if (bad >= 0) {
    const seg = segments[bad] ?? '';
    return {
      ok: false,
      issue: {
        code: 'INGEST_BAD_TOPIC',
        message:
          seg === ''
            ? `topic '${topic}' has an empty level (double or trailing '/')`
            : seg.includes('\uFFFD')
              ? `topic '${topic}' is not valid UTF-8 (level '${seg}')`
              : `topic '${topic}' level '${seg}' may only contain letters, digits and _ . ~ : @ -`,
        where: topic,
      },
    };
  }
  const metric = segments[segments.length - 1] ?? '';
  const assetId = segments.slice(0, -1).join('/');
  return { ok: true, value: { assetId, metric, seriesId: `${assetId}/${metric}` } };
}
