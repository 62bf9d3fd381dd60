/**
 * A per-connection limit on MQTT packet size for the embedded broker. aedes (and mqtt-packet under
 * it) buffers a packet until its announced length has arrived, up to 256 MB, before anyone can
 * look at it; this reads the fixed header of each packet as the bytes go by and closes the
 * connection as soon as a packet announces more than the limit.
 *
 * aedes pulls from the connection with `conn.read(null)` on `readable` (lib/client.js), so the
 * guard wraps `read` and sees every chunk without copying it or adding a stream stage.
 */
import type { Duplex } from 'node:stream';

/** Wraps `conn.read` so that a packet larger than `maxBytes` destroys the connection; returns `conn`. */
export function limitPacketSize<T extends Duplex>(
  conn: T,
  maxBytes: number,
  onTooLarge: (announced: number) => void = () => {},
): T {
  // 0: expecting a fixed-header byte; 1: reading the remaining-length varint; 2: skipping a body.
  let state = 0;
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let skip = 0;
  const refuse = (announced: number): void => {
    onTooLarge(announced);
    conn.destroy(new Error(`MQTT packet of ${announced} bytes exceeds the limit of ${maxBytes}`));
  };
  const scan = (buf: Uint8Array): boolean => {
    let i = 0;
    while (i < buf.length) {
      if (state === 2) {
        const n = Math.min(skip, buf.length - i);
        skip -= n;
        i += n;
        if (skip === 0) state = 0;
      } else if (state === 0) {
        i++;
        state = 1;
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
      } else {
        const b = buf[i++]!;
        length += (b & 127) * multiplier;
        multiplier *= 128;
        lengthBytes++;
        if ((b & 128) !== 0 && lengthBytes >= 4) {
          refuse(length);
          return false;
        }
        if ((b & 128) === 0) {
          const total = 1 + lengthBytes + length;
          if (total > maxBytes) {
            refuse(total);
            return false;
          }
          skip = length;
          state = skip > 0 ? 2 : 0;
        }
      }
    }
    return true;
  };
  const read = conn.read.bind(conn);
  conn.read = (size?: number) => {
    const chunk: unknown = read(size);
    if (chunk instanceof Uint8Array && !scan(chunk)) return null;
    return chunk;
  };
  return conn;
}
