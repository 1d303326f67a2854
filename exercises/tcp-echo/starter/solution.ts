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
 * @throws RangeError (thrown, or as a rejection) when `port` is not an integer in 0…65535.
 */
export function startEchoServer(port = 0, host = '127.0.0.1'): Promise<net.Server> {
  // TODO: create the server with net.createServer(). Its connection handler
  //       runs once per client and gets that client's own net.Socket.
  // TODO: send every chunk that arrives on a socket back on the same socket,
  //       as the Buffer it is (no strings), however many chunks there are.
  // TODO: when the client ends its side ('end'), end yours too, but only after
  //       everything it sent has been written back.
  // TODO: give every socket an 'error' listener, so one client's reset cannot
  //       crash the server for everybody else.
  // TODO: listen on `port` and `host`, and resolve with the server once it is
  //       listening (reject if the server reports an 'error' first).
  throw new Error(`TODO: start a TCP echo server on ${host}:${port}`);
}
