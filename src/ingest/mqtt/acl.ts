/**
 * MQTT topic permissions for the embedded broker, as pure functions over a principal.
 *
 * - Publish: only readings, on `<prefix><asset path>/<metric>`, with `data:write` and inside the
 *   principal's scope (a device only under its own asset path). `xinzhi/cmd/…` is written by the
 *   server alone (internal publishes never reach these checks). Everything else is refused: the
 *   broker carries data and commands, not arbitrary traffic between clients.
 * - Asset descriptions (`xinzhi/meta/v1/<asset path>`, retained by design) follow the same rule as
 *   readings of that asset.
 * - Retained publishes: a device configured to retain its readings keeps working (the flag is
 *   cleared: the stored points are the record, read over the API); besides asset descriptions
 *   nothing a client sends is retained, so no client can leave a command for the next subscriber.
 * - Subscribe: a device only to its own commands (`xinzhi/cmd/<its asset>` and below); a reader
 *   (`read`) to readings and commands of sites in its scope, naming the site literally. `#`,
 *   `+/…`, `$SYS/#`, shared subscriptions and anything else are refused (granted QoS 128).
 * - Sparkplug B (`spBv1.0/<group>/<type>/<edge node>[/<device>]`): the group is the site and
 *   `<group>/<edge node>[/<device>]` the asset path, so a device key for `plant1/gw1` publishes
 *   that edge node's births, data and deaths (never retained) and hears its NCMD/DCMD; readers
 *   subscribe to groups in their scope; commands (NCMD/DCMD) come from the server's host only;
 *   anyone signed in may read host STATE.
 * - Open mode (first run on loopback, `--no-auth`): clients without a principal keep today's
 *   behaviour; every check passes.
 */
import { can, inScope, type Principal, pathCovers } from '../../core/index.js';
import { DEFAULT_TOPIC_PREFIX } from './topic.js';

/** Where loop outputs and other commands go; only the server publishes here. */
export const COMMAND_TOPIC_PREFIX = 'xinzhi/cmd/';
/** Retained asset descriptions, per asset path (not ingested). */
export const META_TOPIC_PREFIX = 'xinzhi/meta/v1/';

export interface AclContext {
  /** The organisation each site belongs to. */
  readonly orgOfSite: (site: string) => string;
  /** Data topic prefix; default `xinzhi/v1/`. */
  readonly prefix?: string;
}

export type AclDecision =
  | { readonly ok: true; readonly clearRetain?: boolean }
  | { readonly ok: false; readonly reason: string };

const allow = { ok: true } as const;
const deny = (reason: string): AclDecision => ({ ok: false, reason });

/** Open mode: anonymous clients while no key exists on loopback, or authentication turned off. */
const isOpen = (p: Principal | undefined): boolean =>
  p === undefined || p.kind === 'open' || p.kind === 'system';

/** Whether `principal` may publish on `topic` (a concrete topic, no wildcards). */
export function mayPublish(
  principal: Principal | undefined,
  topic: string,
  retain: boolean,
  ctx: AclContext,
): AclDecision {
  if (isOpen(principal) || principal === undefined) return allow;
  if (topic.startsWith(SPARKPLUG_PREFIX)) return maySparkplugPublish(principal, topic, retain, ctx);
  const prefix = ctx.prefix ?? DEFAULT_TOPIC_PREFIX;
  if (topic.startsWith(COMMAND_TOPIC_PREFIX))
    return deny(`'${topic}': command topics are written by the server only`);
  const base = topic.startsWith(prefix)
    ? prefix
    : topic.startsWith(META_TOPIC_PREFIX)
      ? META_TOPIC_PREFIX
      : undefined;
  if (base === undefined)
    return deny(
      `'${topic}': clients publish only readings under ${prefix} and descriptions under ${META_TOPIC_PREFIX}`,
    );
  if (!can(principal, 'data:write')) return deny(`'${topic}': ${principal.name} may not send readings`);
  const path = topic.slice(base.length);
  if (path === '' || !inScope(principal, path, ctx.orgOfSite))
    return deny(`'${topic}' is outside the scope of ${principal.name}`);
  return retain && base === prefix ? { ok: true, clearRetain: true } : allow;
}

/** Whether `principal` may subscribe to `filter` (which may hold `+` and `#`). */
export function maySubscribe(principal: Principal | undefined, filter: string, ctx: AclContext): AclDecision {
  if (isOpen(principal) || principal === undefined) return allow;
  if (filter.startsWith(SPARKPLUG_PREFIX)) return maySparkplugSubscribe(principal, filter, ctx);
  const prefix = ctx.prefix ?? DEFAULT_TOPIC_PREFIX;
  const base = [COMMAND_TOPIC_PREFIX, prefix, META_TOPIC_PREFIX].find((b) => filter.startsWith(b));
  if (base === undefined)
    return deny(`'${filter}': subscribe to ${prefix}<site>/… or ${COMMAND_TOPIC_PREFIX}<site>/… only`);
  const levels = filter.slice(base.length).split('/');
  const wild = levels.findIndex((l) => l === '+' || l === '#');
  const literal = (wild < 0 ? levels : levels.slice(0, wild)).join('/');
  if (literal === '' || levels.slice(0, wild < 0 ? levels.length : wild).some((l) => l === ''))
    return deny(`'${filter}' must name a site before any wildcard`);
  const asset = principal.scope.asset;
  if (asset !== null) {
    // A device hears its own commands: the filter names its whole asset path before any wildcard.
    if (base !== COMMAND_TOPIC_PREFIX) return deny(`'${filter}': a device subscribes only to its commands`);
    if (!pathCovers(asset, literal) || !inScope(principal, literal, ctx.orgOfSite))
      return deny(`'${filter}' is outside ${COMMAND_TOPIC_PREFIX}${asset}/`);
    return allow;
  }
  if (!can(principal, 'read')) return deny(`'${filter}': ${principal.name} may not read`);
  if (!inScope(principal, literal, ctx.orgOfSite))
    return deny(`'${filter}' is outside the scope of ${principal.name}`);
  return allow;
}

const SPARKPLUG_PREFIX = 'spBv1.0/';
const SPARKPLUG_DATA = new Set(['NBIRTH', 'NDEATH', 'NDATA', 'DBIRTH', 'DDEATH', 'DDATA']);
const SPARKPLUG_CMD = new Set(['NCMD', 'DCMD']);

function maySparkplugPublish(
  principal: Principal,
  topic: string,
  retain: boolean,
  ctx: AclContext,
): AclDecision {
  const [, group, type, edge, device, ...rest] = topic.split('/');
  if (!group || !type || !edge || rest.length > 0 || group === 'STATE')
    return deny(`'${topic}': edge nodes publish spBv1.0/<group>/<type>/<edge node>[/<device>] only`);
  if (SPARKPLUG_CMD.has(type)) return deny(`'${topic}': Sparkplug commands are sent by the server only`);
  if (!SPARKPLUG_DATA.has(type)) return deny(`'${topic}': unknown Sparkplug message type '${type}'`);
  if (!can(principal, 'data:write')) return deny(`'${topic}': ${principal.name} may not send readings`);
  const path = device ? `${group}/${edge}/${device}` : `${group}/${edge}`;
  if (!inScope(principal, path, ctx.orgOfSite))
    return deny(`'${topic}' is outside the scope of ${principal.name}`);
  return retain ? { ok: true, clearRetain: true } : allow;
}

function maySparkplugSubscribe(principal: Principal, filter: string, ctx: AclContext): AclDecision {
  const levels = filter.split('/');
  if (levels[1] === 'STATE') return allow;
  const [, group, type, edge] = levels;
  if (!group || group === '+' || group === '#')
    return deny(`'${filter}' must name a Sparkplug group (the site) before any wildcard`);
  const asset = principal.scope.asset;
  if (asset !== null) {
    // A device (an edge node's key) hears the commands of its own edge node only.
    if (!type || !SPARKPLUG_CMD.has(type) || !edge || edge === '+' || edge === '#')
      return deny(`'${filter}': an edge node subscribes only to its NCMD/DCMD`);
    const path = `${group}/${edge}`;
    if (!pathCovers(asset, path) || !inScope(principal, path, ctx.orgOfSite))
      return deny(`'${filter}' is outside ${asset}`);
    return allow;
  }
  if (!can(principal, 'read')) return deny(`'${filter}': ${principal.name} may not read`);
  if (!inScope(principal, group, ctx.orgOfSite))
    return deny(`'${filter}' is outside the scope of ${principal.name}`);
  return allow;
}
