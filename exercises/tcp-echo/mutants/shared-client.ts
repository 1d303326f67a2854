// Mutant: one module-level "current client" variable, as in a one-client-at-a-time server, so every echo goes to
// whoever connected last. Caught by "serves 32 clients at once, each getting back only its own bytes".
import net from 'node:net';

let current: net.Socket | undefined;

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      current = socket;
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        current?.write(chunk);
      });
      socket.on('end', () => current?.end());
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
