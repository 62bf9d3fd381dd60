/** A real HTTP server on a free loopback port serving fixed routes, for frame-URL tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrameServer {
  readonly base: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Routes: `/frame.jpg` (the given bytes), `/text` (not an image), `/big` (`bigBytes` of JPEG-looking
 * bytes, no length header), `/slow` (never answers), `/redirect` (302 to `/frame.jpg`).
 */
export async function startFrameServer(frame: Uint8Array, bigBytes = 2 * 1024 * 1024): Promise<FrameServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/frame.jpg')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from(frame));
    else if (req.url === '/text')
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end('hello, not an image');
    else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      const chunk = Buffer.alloc(64 * 1024, 0);
      chunk[0] = 0xff;
      chunk[1] = 0xd8;
      chunk[2] = 0xff;
      let sent = 0;
      const push = (): void => {
        while (sent < bigBytes) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', push);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      push();
    } else if (req.url === '/slow') res.writeHead(200, { 'content-type': 'image/jpeg' });
    else if (req.url === '/redirect') res.writeHead(302, { location: '/frame.jpg' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
