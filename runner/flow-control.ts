/**
 * Acknowledgement-based flow control between a pty and a remote xterm.js.
 * The page acks bytes from term.write callbacks; when too much is in flight
 * the producer is paused, and resumed once the page has caught up. This keeps
 * `yes` from filling the runner's memory or freezing the browser tab.
 */
export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly high: number,
    private readonly low: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {
    if (!(low < high)) throw new RangeError('the low watermark must be below the high watermark');
  }

  /** Bytes were sent to the page. */
  sent(bytes: number): void {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      this.pause();
    }
  }

  /** The page has written `bytes` more to its terminal. */
  acked(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      this.resume();
    }
  }

  get inFlight(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
