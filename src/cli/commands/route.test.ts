import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution, parseVrp } from '../../optimize/routing/index.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xz-route-'));
const vrp = join(dir, 't.vrp');
writeFileSync(
  vrp,
  'NAME : t-n6-k2\nTYPE : CVRP\nDIMENSION : 6\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 10 0\n3 11 1\n4 -10 0\n5 -11 1\n6 0 12\nDEMAND_SECTION\n1 0\n2 4\n3 4\n4 4\n5 4\n6 2\nDEPOT_SECTION\n1\n-1\nEOF\n',
);

describe('xinzhi route / slot', () => {
  it('route --json prints cost, routes with file ids, feasible and time', async () => {
    const r = await runCli(['route', vrp, '--time-limit', '0.3', '--max-vehicles', '3', '--json']);
    const j = JSON.parse(r.out) as { cost: number; routes: number[][]; feasible: boolean; time_s: number };
    expect(j.feasible).toBe(true);
    expect(j.routes.flat().sort()).toEqual([2, 3, 4, 5, 6]);
    expect(j.routes.length).toBeLessThanOrEqual(3);
    expect(j.time_s).toBeGreaterThan(0);
  });

  it('route reads Solomon files and writes a CVRPLIB .sol', async () => {
    const sol = join(dir, 'out.sol');
    const solomon = join(dir, 'c.txt');
    writeFileSync(
      solomon,
      'C0\n\nVEHICLE\nNUMBER     CAPACITY\n  3         20\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0      0   0   0     0   500   0\n    1     10   0  10     0   100   5\n    2     20   0  10    50   150   5\n    3      0  15   5     0    60   5\n',
    );
    const r = await runCli(['route', solomon, '--time-limit', '0.2', '--json', '--sol', sol]);
    const j = JSON.parse(r.out) as { routes: number[][]; feasible: boolean };
    expect(j.feasible).toBe(true);
    expect(j.routes.flat().sort()).toEqual([1, 2, 3]);
    expect(readFileSync(sol, 'utf8')).toMatch(/^Route #1: [\d ]+\n(Route #\d+: [\d ]+\n)*Cost [\d.]+\n$/);
  });

  it('route rejects bad flags and files with exit code 2 / 3', async () => {
    expect((await runCli(['route', vrp, '--max-vehicles', '0', '--json'])).code).toBe(2);
    expect((await runCli(['route', join(dir, 'missing.vrp'), '--json'])).code).toBe(3);
  });

  it('route errors name the file, and violations number customers as the file does', async () => {
    const broken = join(dir, 'broken.vrp');
    writeFileSync(
      broken,
      'NAME : b\nTYPE : CVRP\nDIMENSION : 3\nCAPACITY : 10\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 2\nDEMAND_SECTION\n1 0\n2 1\nDEPOT_SECTION\n1\n-1\nEOF\n',
    );
    const r = await runCli(['route', broken, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.message).toMatch(/broken\.vrp: .*node 3 has no demand/);
    const parsed = parseVrp(readFileSync(vrp, 'utf8'));
    if (!parsed.ok) throw new Error('fixture');
    // Internal index 5 is file node 6: the message must say 6.
    const chk = checkSolution(parsed.value.instance, [[1, 2, 3, 4]]);
    expect(chk.violations).toContain('customer 6 is not visited');
  });

  it('slot errors name the files given, not skus.csv', async () => {
    const skus = join(dir, 'my-skus.csv');
    const locs = join(dir, 'bays.csv');
    writeFileSync(skus, 'sku,picks\nA,lots\n');
    writeFileSync(locs, 'bay,distance\nL1,5\n');
    const r = await runCli(['slot', skus, locs, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.message).toMatch(/my-skus\.csv row 2: picks must be a number/);
    writeFileSync(skus, 'sku,picks\nA,3\n');
    const r2 = await runCli(['slot', skus, locs, '--json']);
    expect(JSON.parse(r2.out).error.message).toMatch(/bays\.csv needs columns location and distance/);
    expect(r2.out).not.toMatch(/skus\.csv|locations\.csv/);
  });

  it('slot --json prints the assignment and the saving', async () => {
    const skus = join(dir, 'skus.csv');
    const locs = join(dir, 'locs.csv');
    writeFileSync(skus, 'sku,picks,size,current_location\nA,100,1,L3\nB,1,1,L1\n');
    writeFileSync(locs, 'location,distance,capacity\nL1,5,1\nL2,8,1\nL3,20,1\n');
    const r = await runCli(['slot', skus, locs, '--json']);
    const j = JSON.parse(r.out) as { assignments: { sku: string; location: string }[]; saving: number };
    expect(j.assignments).toContainEqual({ sku: 'A', location: 'L1', travel: 1000 });
    expect(j.saving).toBe(2 * (100 * 20 + 5) - 2 * (100 * 5 + 8));
  });
});
