/** A Sparkplug B edge node for tests: builds payloads with Tahu's codec and keeps `seq` as a real node does. */
import { sparkplugCodec } from './decode.js';

export interface TestMetric {
  name?: string;
  alias?: number;
  type: string;
  value: unknown;
  timestamp?: number;
  isHistorical?: boolean;
  properties?: Record<string, { type: string; value: unknown }>;
}

export class EdgeNodeSim {
  seq = 0;
  bdSeq = 0;
  constructor(
    readonly group: string,
    readonly edge: string,
  ) {}

  topic(type: string, device?: string): string {
    return `spBv1.0/${this.group}/${type}/${this.edge}${device ? `/${device}` : ''}`;
  }

  /** The next payload in sequence (NBIRTH restarts at 0; NDEATH carries no seq). */
  payload(type: string, metrics: TestMetric[], ts: number): Buffer {
    const p: Record<string, unknown> = { timestamp: ts, metrics };
    if (type === 'NBIRTH') this.seq = 0;
    if (type !== 'NDEATH') {
      p['seq'] = this.seq;
      this.seq = (this.seq + 1) % 256;
    }
    return Buffer.from(sparkplugCodec.encodePayload(p));
  }

  birth(ts: number, metrics: TestMetric[]): Buffer {
    return this.payload('NBIRTH', [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }, ...metrics], ts);
  }

  death(ts: number): Buffer {
    return this.payload('NDEATH', [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }], ts);
  }
}
