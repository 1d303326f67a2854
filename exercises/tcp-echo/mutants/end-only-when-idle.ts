// Mutant: with allowHalfOpen: true the server ends its side on the client's 'end' only "if nothing is left to
// send" (socket.writableLength === 0), meaning to be careful not to cut the echo short — but when something is
// still queued it never ends at all. Every test whose client reads promptly passes, because on loopback each echo
// write goes straight into the kernel and the queue is empty when the FIN arrives. Caught only by backpressure:
// "finishes echoing to a slow reader before ending the connection" — the client stops reading, 2 MiB of echo wait
// in the server's queue when its FIN arrives, and the server never ends the connection. end() already waits for
// queued writes: call it unconditionally.
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        socket.write(chunk);
      });
      socket.on('end', () => {
        // "Only hang up once everything has been sent back."
        if (socket.writableLength === 0) socket.end();
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
