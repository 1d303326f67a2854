// Mutant: treats the first 'data' event as the whole message (the seeds' "one recv(1024) is one message"
// assumption): it echoes that chunk and ends the connection. Caught by "returns messages split at random points
// and merged into shared writes, complete and in order" (and the 1 MiB, concurrency, half-close and reset tests).
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => socket.destroy());
      socket.once('data', (request: Buffer) => {
        socket.end(request);
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
