// Mutant: returns the server straight after calling listen(), before it is actually listening (listen() is
// asynchronous). Caught by "resolves with a server listening on 127.0.0.1, on a free port by default".
import net from 'node:net';

export async function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  server.listen(port, host);
  return server;
}
