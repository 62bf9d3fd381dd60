/**
 * Quota on retained messages kept by the embedded broker: aedes keeps every retained topic in
 * memory without bound, so one client publishing retained messages on ever new topics would grow
 * the broker until the process dies. Each retained topic is counted against the client that last
 * set it; clearing it (an empty retained payload) always passes and frees the slot.
 */
export interface RetainedQuota {
  /** Whether this retained publish may be kept; `false` means deliver it, but do not retain it. */
  admit(clientId: string, topic: string, payloadBytes: number): boolean;
  /** Retained topics counted now. */
  readonly size: number;
}

export function createRetainedQuota(perClient: number, total: number): RetainedQuota {
  const owner = new Map<string, string>();
  const counts = new Map<string, number>();
  const add = (client: string, d: number): void => {
    const n = (counts.get(client) ?? 0) + d;
    if (n <= 0) counts.delete(client);
    else counts.set(client, n);
  };
  return {
    get size() {
      return owner.size;
    },
    admit(clientId, topic, payloadBytes) {
      const previous = owner.get(topic);
      if (payloadBytes === 0) {
        if (previous !== undefined) {
          owner.delete(topic);
          add(previous, -1);
        }
        return true;
      }
      if (previous === clientId) return true;
      if ((counts.get(clientId) ?? 0) >= perClient) return false;
      if (previous === undefined && owner.size >= total) return false;
      if (previous !== undefined) add(previous, -1);
      owner.set(topic, clientId);
      add(clientId, 1);
      return true;
    },
  };
}
