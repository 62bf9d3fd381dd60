/**
 * docs/asvs.md is a hand-kept checklist that reviewers check against the code, so two ways it can
 * rot are caught here: a requirement that went missing or was listed twice, and evidence naming a
 * file that was moved or deleted. docs/asvs-ids.txt holds the ASVS 5.0.0 level 1 and 2 ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(`${root}docs/asvs.md`, 'utf8');
const ids = readFileSync(`${root}docs/asvs-ids.txt`, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '');

const STATUSES = ['met', 'partly', 'not met', 'n/a'] as const;

/** Checklist rows: `| id | level | requirement | status | evidence |`. */
const rows = doc
  .split('\n')
  .map((line) =>
    /^\| (\d+\.\d+\.\d+) \| ([12]) \| (.+?) \| \**(met|partly|not met|n\/a)\** \| (.+) \|$/.exec(line),
  )
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ id: m[1] as string, status: m[4] as (typeof STATUSES)[number], evidence: m[5] as string }));

describe('docs/asvs.md', () => {
  it('lists every ASVS level 1 and 2 requirement exactly once, and nothing else', () => {
    expect(ids).toHaveLength(253);
    const seen = new Map<string, number>();
    for (const r of rows) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    expect(ids.filter((id) => seen.get(id) !== 1)).toEqual([]);
    expect([...seen.keys()].filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('gives every row evidence and a summary count that matches the rows', () => {
    expect(rows.filter((r) => r.evidence.trim().length < 10).map((r) => r.id)).toEqual([]);
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect(doc).toContain(
      `**${rows.length} requirements: ${count('met')} met, ${count('partly')} partly, ` +
        `${count('not met')} not met, ${count('n/a')} n/a.**`,
    );
  });

  it('cites only source and test files that exist', () => {
    const cited = new Set([...doc.matchAll(/`([\w./-]+\.tsx?)`/g)].map((m) => m[1] as string));
    expect(cited.size).toBeGreaterThan(50);
    expect([...cited].filter((p) => !existsSync(`${root}${p}`))).toEqual([]);
  });
});
