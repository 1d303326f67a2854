// Mutant: the server decodes incoming data as UTF-8 text and writes the string back, so bytes that are not valid
// UTF-8 turn into U+FFFD. Caught by "echoes all 256 byte values unchanged (binary safe)" (and the random-bytes tests).
import net from 'node:net';

export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.setEncoding('utf8');
      socket.on('error', () => socket.destroy());
      socket.on('data', (text: string) => {
        socket.write(text);
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
