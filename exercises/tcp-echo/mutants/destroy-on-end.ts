// Mutant: the socket is destroyed as soon as the client ends its side, which throws away echo data still queued
// for a client that reads slowly (the tail of a large echo is lost). Caught by "finishes echoing to a slow reader
// before ending the connection".
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        socket.write(chunk);
      });
      // "The client is done, so are we" — but destroy() does not wait for the queued writes.
      socket.on('end', () => socket.destroy());
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
