/**
 * The deployment examples (examples/deploy, docs/deploy.md) pass flags to `xinzhi serve` that must
 * exist: a renamed or removed flag would make a production unit fail at start. These tests parse
 * the compose file and the systemd units and run their `serve` arguments through the real flag
 * definitions (commander rejects an unknown option).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serveFlags } from '../../src/cli/commands/serve.js';

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
  secrets?: Array<string | { source: string; target: string }>;
  environment?: Record<string, string>;
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
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'mosquitto', 'caddy']));
  });

  it('gives every node flags that `xinzhi serve` knows, its own MQTT client id and the shared key', () => {
    const ids = new Set<unknown>();
    for (const [name, s] of nodes) {
      expect(s.command?.[0], name).toBe('serve');
      const o = serveOptions(s.command!.slice(1));
      expect(o['mqtt'], name).toBe(false);
      expect(Number(o['mqttConnections']), name).toBeGreaterThanOrEqual(2); // $share: one node per message
      expect(o['allowedHost'], name).toContain(name); // the proxy's health checks name the node
      ids.add(o['mqttClientId']);
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

  it('the PostgreSQL drop-in resets ExecStart and reads the URL from an environment file', () => {
    const dropIn = read('xinzhi-postgres.conf');
    expect(dropIn.split('\n')).toContain('ExecStart=');
    const starts = execStarts(dropIn);
    expect(starts).toHaveLength(1);
    const o = serveOptions(starts[0]!.slice(3));
    expect(o['db']).toBeUndefined(); // XINZHI_DB from the EnvironmentFile
    expect(o['mqtt']).toBe(false);
    expect(dropIn).toMatch(/^EnvironmentFile=\/etc\/xinzhi\/xinzhi\.env$/m);
  });
});
