// Mutant: the server caps its clients with server.maxConnections = 5, reading the tutorials' listen(5) backlog as
// "at most 5 clients". Node accepts connection number 6 and closes it straight away. Every test with one, two or
// three clients passes. Caught only by dozens of concurrent connections: "serves 32 clients at once, each getting
// back only its own bytes" — client 6 and every one after it are hung up on before any echo.
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    // "listen(5)": no more than five clients at a time.
    server.maxConnections = 5;
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
