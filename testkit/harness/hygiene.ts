/**
 * Socket hygiene: after a test and its cleanup, what did the learner's code
 * leave open? A server still listening, a socket never ended, a timer that
 * keeps the process alive. Node lists the live handles of the process the
 * tests share with the learner's code; anything new since the test started
 * is reported with an explanation (a report, not a failure: the contract
 * decides what fails).
 */
const EXPLANATIONS: Record<string, string> = {
  TCPServerWrap: 'a TCP server is still listening: close() every server you start',
  TCPSocketWrap: 'a TCP connection was never ended or destroyed',
  TCPWrap: 'a TCP connection was never ended or destroyed',
  UDPWrap: 'a UDP socket is still open: close() it when you are done',
  Timeout: 'a timer (setTimeout or setInterval) is still pending and keeps the process alive: clear it, or unref() it',
  Immediate: 'a setImmediate callback is still pending',
  PipeWrap: 'a pipe is still open',
};

function counts(): Map<string, number> {
  const result = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) result.set(name, (result.get(name) ?? 0) + 1);
  return result;
}

let before = new Map<string, number>();

export function snapshotResources(): void {
  before = counts();
}

/** Explanations for every kind of handle that is more numerous now than at the snapshot. */
export async function leftoverResources(): Promise<string[]> {
  // Closing is asynchronous: give handles closed by cleanup a moment to go.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const now = counts();
  const found: string[] = [];
  for (const [name, count] of now) {
    const extra = count - (before.get(name) ?? 0);
    const explanation = EXPLANATIONS[name];
    if (extra > 0 && explanation) found.push(`${extra} × ${explanation}`);
  }
  return found;
}
