/**
 * The deployment examples (examples/deploy, docs/deploy.md) pass flags to `xinzhi serve` that must
 * exist: a renamed or removed flag would make a production unit fail at start. These tests parse
 * the compose file and the systemd units and run their `serve` arguments through the real flag
 * definitions (commander rejects an unknown option), and check that the cluster is a cluster: the
 * nodes on NATS with distinct ids, and a nats.conf with JetStream, the MQTT listener and devices
 * kept away from the cluster's own subjects.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serveFlags } from '../../src/cli/commands/serve.js';
import { NATS_SERVER_BINARY, withNatsServer } from '../../src/ingest/nats/nats-server.fixture.js';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'deploy');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

/** Parses `args` (after `serve`) as `xinzhi serve` would; throws on an unknown flag. */
function serveOptions(args: readonly string[]): Record<string, unknown> {
  const cmd = serveFlags(new Command('serve'))
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .action(() => {});
  cmd.parse([...args], { from: 'user' });
  return cmd.opts();
}

/** The ExecStart= lines of a unit (continuations joined), ignoring the empty reset line. */
function execStarts(unit: string): string[][] {
  const joined = unit.replace(/\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .filter((l) => l.startsWith('ExecStart=') && l.trim() !== 'ExecStart=')
    .map((l) => l.slice('ExecStart='.length).trim().split(/\s+/));
}

interface ComposeService {
  image?: string;
  entrypoint?: string[];
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  environment?: Record<string, string>;
  secrets?: Array<string | { source: string; target: string }>;
}

describe('examples/deploy/compose.yaml', () => {
  // Compose resolves YAML merge keys (`<<: *xinzhi`); the yaml package does so when asked.
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    secrets: Record<string, { file: string }>;
  };
  const nodes = Object.entries(compose.services).filter(([, s]) =>
    s.entrypoint?.join(' ').includes('bin/xinzhi.js'),
  );

  it('runs several xinzhi nodes on the PostgreSQL service, after it is healthy', () => {
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    for (const [name, s] of nodes) {
      expect(s.environment?.['XINZHI_DB'], name).toMatch(/^postgres:\/\/xinzhi:.*@postgres:5432\/xinzhi$/);
      expect(s.depends_on?.['postgres']?.condition, name).toBe('service_healthy');
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'nats', 'caddy']));
    expect(Object.keys(compose.services).some((n) => /mosquitto/.test(n))).toBe(false);
  });

  it('runs nats-server with nats.conf mounted; the nodes start once it is healthy', () => {
    const nats = compose.services['nats']!;
    expect(nats.image).toMatch(/^nats:2\.(1\d|[2-9]\d)/);
    expect(nats.volumes).toContain('./nats.conf:/etc/nats/nats-server.conf:ro');
    for (const [name, s] of nodes) expect(s.depends_on?.['nats']?.condition, name).toBe('service_healthy');
  });

  it('gives every node flags that `xinzhi serve` knows, NATS, its own node id and the shared key', () => {
    const ids = new Set<unknown>();
    for (const [name, s] of nodes) {
      expect(s.command?.[0], name).toBe('serve');
      const o = serveOptions(s.command!.slice(1));
      expect(o['mqtt'], name).toBe(false); // devices use NATS's MQTT listener
      // The URL with its password comes from the environment, not the command line (`ps`).
      expect(o['natsUrl'], name).toBeUndefined();
      expect(s.environment?.['XINZHI_NATS_URL'], name).toMatch(/^nats:\/\/xinzhi:.*@nats:4222$/);
      expect(o['mqttUrl'], name).toBeUndefined();
      expect(o['allowedHost'], name).toContain(name); // the proxy's health checks name the node
      expect(o['nodeId'], name).toBe(name);
      ids.add(o['nodeId']);
      const target = s.secrets?.map((x) => (typeof x === 'string' ? `/run/secrets/${x}` : x.target));
      expect(target, name).toContain(o['secretKeyFile']);
    }
    expect(ids.size).toBe(nodes.length);
    expect(compose.secrets['secret-key']?.file).toBe('./secret.key');
  });

  it('proxies to exactly the nodes it defines, unbuffered, with health checks', () => {
    const caddy = read('Caddyfile');
    const upstreams = /reverse_proxy\s+([^{]+)\{/.exec(caddy)?.[1]?.trim().split(/\s+/) ?? [];
    expect(upstreams.sort()).toEqual(nodes.map(([n]) => `${n}:8080`).sort());
    expect(caddy).toMatch(/flush_interval -1/);
    expect(caddy).toMatch(/health_uri \/api\/v1\/health/);
  });

  it('rejects a flag serve does not have (the check above can fail)', () => {
    expect(() => serveOptions(['--no-such-flag'])).toThrow(/unknown option/);
  });
});

describe('examples/deploy/nats.conf', () => {
  const conf = read('nats.conf');
  /** The `{ … }` block that follows `name` (balanced braces; the file has no braces in strings). */
  const block = (text: string, name: string): string => {
    const at = new RegExp(`^\\s*${name}\\s*[:=]?\\s*\\{`, 'm').exec(text);
    if (!at) return '';
    let depth = 0;
    for (let i = at.index + at[0].length - 1; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return text.slice(at.index + at[0].length, i);
    }
    return '';
  };
  const code = conf.replace(/#.*$/gm, '');

  it('enables JetStream with a store directory and limits, and the MQTT listener with a server name', () => {
    const js = block(code, 'jetstream');
    expect(js).toMatch(/store_dir:\s*\/data/);
    expect(js).toMatch(/max_file_store:/);
    expect(js).toMatch(/max_memory_store:/);
    expect(block(code, 'mqtt')).toMatch(/listen:\s*0\.0\.0\.0:1883/);
    expect(code).toMatch(/^server_name:\s*\S+/m); // the MQTT listener refuses to start without one
    expect(block(code, 'XINZHI')).toMatch(/jetstream:\s*enabled/);
  });

  it('lets devices publish readings and receive commands only, never the live bus, JetStream or KV', () => {
    const account = block(code, 'XINZHI');
    const users = account.split(/\n\s*\{\s*\n/).slice(1);
    const device = users.find((u) => /user:\s*device\b/.test(u)) ?? '';
    const gateway = users.find((u) => /user:\s*gateway\b/.test(u)) ?? '';
    for (const u of [device, gateway]) {
      expect(u).toMatch(/publish:\s*\{\s*allow:\s*\["xinzhi\.v1\.>"\]/);
      expect(u).toMatch(/subscribe:\s*\{\s*allow:\s*\[[^\]]*"xinzhi\.cmd\.>"/);
      for (const denied of ['_xinzhi.>', '$JS.>', '$KV.>']) expect(u).toContain(`"${denied}"`);
      expect(u).not.toMatch(/allow:[^\]]*"(>|_INBOX\.>|_xinzhi\.>)"/);
    }
    expect(device).toMatch(/allowed_connection_types:\s*\["MQTT"\]/);
    // The nodes' user is the one compose's XINZHI_NATS_URL logs in as.
    expect(account).toMatch(/\{\s*user:\s*xinzhi,\s*password:\s*\$XINZHI_NATS_PASSWORD\s*\}/);
  });
});

withNatsServer('examples/deploy/nats.conf with the real nats-server', () => {
  const check = (env: Record<string, string>) =>
    spawnSync(NATS_SERVER_BINARY, ['-t', '-c', join(DIR, 'nats.conf')], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });

  it('is a valid configuration once the passwords are in the environment', () => {
    const passwords = {
      XINZHI_NATS_PASSWORD: 'n',
      DEVICE_NATS_PASSWORD: 'd',
      GATEWAY_NATS_PASSWORD: 'g',
      NATS_ADMIN_PASSWORD: 'a',
    };
    const r = check(passwords);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    // A missing password is refused rather than read as empty.
    const { DEVICE_NATS_PASSWORD: _, ...missing } = passwords;
    const bad = check(missing);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr + bad.stdout).toMatch(/DEVICE_NATS_PASSWORD/);
  });
});

describe('examples/deploy systemd units', () => {
  it('xinzhi.service starts serve with known flags, the data dir and the credential', () => {
    const unit = read('xinzhi.service');
    const [cmd] = execStarts(unit);
    expect(cmd?.slice(0, 3)).toEqual(['/usr/bin/node', '/opt/xinzhi/bin/xinzhi.js', 'serve']);
    const o = serveOptions(cmd!.slice(3));
    expect(o['db']).toBe('/var/lib/xinzhi/xinzhi.db');
    expect(o['secretKeyFile']).toBe('%d/secret-key');
    expect(unit).toMatch(/^LoadCredential=secret-key:/m);
    expect(unit).toMatch(/^StateDirectory=xinzhi$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/xinzhi$/m);
    for (const line of ['DynamicUser=yes', 'ProtectSystem=strict', 'NoNewPrivileges=yes'])
      expect(unit.split('\n')).toContain(line);
  });

  it('the cluster drop-in resets ExecStart, reads the URL from a file, names the node and uses NATS', () => {
    const dropIn = read('xinzhi-cluster.conf');
    expect(dropIn.split('\n')).toContain('ExecStart=');
    const starts = execStarts(dropIn);
    expect(starts).toHaveLength(1);
    const o = serveOptions(starts[0]!.slice(3));
    expect(o['db']).toBeUndefined(); // XINZHI_DB from the EnvironmentFile
    expect(o['mqtt']).toBe(false);
    // XINZHI_NATS_URL from the EnvironmentFile: no password on the command line.
    expect(o['natsUrl']).toBeUndefined();
    expect(dropIn).toMatch(/^#\s+XINZHI_NATS_URL=nats:\/\/xinzhi:/m);
    expect(o['secretKeyFile']).toBe('%d/secret-key');
    expect(dropIn).toMatch(/^EnvironmentFile=\/etc\/xinzhi\/xinzhi\.env$/m);
    // Without --node-id the server reads XINZHI_NODE_ID: the host name, unless the file sets one.
    expect(o['nodeId']).toBeUndefined();
    expect(dropIn).toMatch(/^Environment=XINZHI_NODE_ID=%H$/m);
  });
});
