// Mutant: the server is created with allowHalfOpen: true but never calls end() when the client ends, so the
// client waits forever for the server's FIN. Caught by "after a client ends its sending side, echoes everything
// and then ends the connection" and "finishes echoing to a slow reader before ending the connection".
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    // Keep the socket writable after the client's FIN so the echo can finish…
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        socket.write(chunk);
      });
      // …but nothing ever ends our side of the connection.
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
