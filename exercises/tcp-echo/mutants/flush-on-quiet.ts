// Mutant: "TCP splits messages, so wait until the client goes quiet and echo the whole message at once": data is
// held back until no chunk has arrived for 10 ms. A test that sends one small message and waits for the echo
// passes. Caught only by a half-close with data still in flight — "after a client ends its sending side, echoes
// everything and then ends the connection" (and the slow reader): the client's FIN arrives right behind its last
// piece, before the quiet timer fires; with the default allowHalfOpen: false Node ends the server's side at once,
// so the held-back tail is written after the end and lost. A pause is never a message boundary.
import net from 'node:net';

/** How long the client must stay silent before the collected "message" is echoed. */
const QUIET_MS = 10;

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      let pending: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      socket.on('data', (chunk: Buffer) => {
        pending.push(chunk);
        clearTimeout(timer);
        timer = setTimeout(() => {
          socket.write(Buffer.concat(pending));
          pending = [];
        }, QUIET_MS);
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
