/**
 * A TCP echo server: every byte a client sends comes back to that client,
 * unchanged and in order, and the connection ends once the client has
 * finished sending and all of its bytes have been returned.
 */
import net from 'node:net';

/**
 * Start an echo server and resolve with it once it is listening.
 *
 * @param port TCP port to listen on; 0 (the default) lets the OS pick a free one.
 * @param host Address to listen on; the default `'127.0.0.1'` keeps it on this machine.
 * @returns The listening server; `server.close()` stops the service.
 * @throws RangeError (as a rejection) when `port` is not an integer in 0…65535.
 */
export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    // Node calls this once per accepted connection, each with its own socket:
    // that socket is the only place this client's bytes may go back to.
    const server = net.createServer((socket) => {
      // A client that vanishes mid-stream (a reset, a crashed peer) makes its
      // socket emit 'error', and Node has already destroyed that socket. An
      // 'error' nobody listens for would also be thrown, taking the whole
      // server and every other client down; listening keeps the failure to
      // this one connection, and there is nothing more to clean up.
      socket.on('error', () => undefined);

      // pipe() writes each chunk back as it arrives, pauses reading while the
      // client is slow to take our replies (backpressure), and when the client
      // half-closes it calls end(), which sends our FIN only after every byte
      // still queued has been written. Chunks are Buffers, never strings, so
      // any byte value survives.
      socket.pipe(socket);
    });

    // listen() reports a bad port by throwing a RangeError right here, which
    // rejects this promise; a busy port or a bad host arrives as 'error'.
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
