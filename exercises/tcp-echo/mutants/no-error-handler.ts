// Mutant: the classic one-liner socket.pipe(socket) with no 'error' listener on the socket, so a client's
// ECONNRESET becomes an uncaught exception that takes down the whole server. Caught by "keeps serving other
// clients after one resets its connection mid-message".
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.pipe(socket);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
