// Mutant: ported from a C/Python recv_into() loop: each connection copies incoming data into one 16 KiB buffer
// that it reuses for every write. socket.write() does not copy its argument: when the kernel takes the bytes at
// once (a client that reads promptly, as in every small test) the reuse is harmless, but a write that has to wait
// in the queue still points into the buffer, which later chunks overwrite. Caught only by backpressure:
// "finishes echoing to a slow reader before ending the connection" — the client stops reading, the echo queues up
// inside the server, and what finally comes back differs from what was sent (the failure shows the first
// differing byte).
import net from 'node:net';

/** Like `char buf[16384]` or `bytearray(16384)`: one receive buffer per connection. */
const BUFFER_SIZE = 16 * 1024;

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      const buffer = Buffer.alloc(BUFFER_SIZE);
      socket.on('data', (chunk: Buffer) => {
        for (let offset = 0; offset < chunk.length; offset += BUFFER_SIZE) {
          const n = chunk.copy(buffer, 0, offset, offset + BUFFER_SIZE);
          socket.write(buffer.subarray(0, n));
        }
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
