/**
 * Which Modbus requests poll a group of registers: contiguous blocks per table, merged across small
 * holes (reading a few unused registers costs less than another round trip), never longer than the
 * protocol allows in one request (125 registers, 2000 bits; Modbus application protocol v1.1b3 §6).
 */
import { type RegisterSpec, type RegisterTable, wordsOf } from './register-map.js';

export const MAX_REGISTERS_PER_READ = 125;
export const MAX_BITS_PER_READ = 2000;

export interface ReadBlock {
  readonly table: RegisterTable;
  readonly address: number;
  readonly count: number;
  readonly registers: readonly RegisterSpec[];
}

/** Blocks covering `registers`, bridging holes of at most `maxGap` registers (or bits). */
export function planReads(registers: readonly RegisterSpec[], maxGap = 8): ReadBlock[] {
  const blocks: ReadBlock[] = [];
  const byTable = new Map<RegisterTable, RegisterSpec[]>();
  for (const r of registers) {
    const list = byTable.get(r.table) ?? [];
    list.push(r);
    byTable.set(r.table, list);
  }
  for (const [table, list] of byTable) {
    const limit = table === 'coil' || table === 'discrete' ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    list.sort((a, b) => a.address - b.address);
    let start = -1;
    let end = -1;
    let members: RegisterSpec[] = [];
    const close = (): void => {
      if (members.length > 0) blocks.push({ table, address: start, count: end - start, registers: members });
    };
    for (const r of list) {
      const rEnd = r.address + wordsOf(r.type);
      if (members.length > 0 && r.address - end <= maxGap && Math.max(end, rEnd) - start <= limit) {
        end = Math.max(end, rEnd);
        members.push(r);
        continue;
      }
      close();
      start = r.address;
      end = rEnd;
      members = [r];
    }
    close();
  }
  return blocks;
}
