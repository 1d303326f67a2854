/**
 * An xterm.js terminal bound to one session at a time. Output is written as
 * bytes (xterm reassembles UTF-8 split across frames) and acknowledged from
 * xterm's write callbacks, which is what lets the runner apply flow control.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { Session } from './runner-connection.ts';

/** Acknowledge in batches: one message per write would double the traffic of a chatty program. */
const ACK_BATCH_BYTES = 16 * 1024;

const themes = {
  light: { background: '#ffffff', foreground: '#1f2937', cursor: '#1f2937', selectionBackground: '#cfe3f7' },
  dark: { background: '#0d1014', foreground: '#e6e8eb', cursor: '#e6e8eb', selectionBackground: '#2b4a6b' },
};

export class TerminalPane {
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private session: Session | undefined;
  private pendingAck = 0;
  private ackTimer: number | undefined;

  constructor(container: HTMLElement, label: string) {
    const dark = matchMedia('(prefers-color-scheme: dark)');
    this.term = new Terminal({
      convertEol: false,
      cursorBlink: false,
      fontSize: 14,
      fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace",
      scrollback: 5000,
      screenReaderMode: true,
      theme: dark.matches ? themes.dark : themes.light,
    });
    dark.addEventListener('change', (e) => (this.term.options.theme = e.matches ? themes.dark : themes.light));
    this.term.loadAddon(this.fit);
    this.term.open(container);
    this.term.textarea?.setAttribute('aria-label', label);
    this.fitNow();
    new ResizeObserver(() => this.fitNow()).observe(container);
    this.term.onData((data) => this.session?.input(data));
  }

  private fitNow(): void {
    try {
      this.fit.fit();
    } catch {
      // Not laid out yet (hidden pane): fit again when it becomes visible.
    }
    this.session?.resize(this.term.cols, this.term.rows);
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  attach(session: Session | undefined): void {
    this.session = session;
  }

  write(data: Uint8Array): void {
    const session = this.session;
    this.term.write(data, () => {
      this.pendingAck += data.length;
      if (this.pendingAck >= ACK_BATCH_BYTES) this.flushAck(session);
      else this.ackTimer ??= window.setTimeout(() => this.flushAck(session), 30);
    });
  }

  private flushAck(session: Session | undefined): void {
    window.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    if (this.pendingAck > 0) session?.ack(this.pendingAck);
    this.pendingAck = 0;
  }

  notice(text: string): void {
    this.term.write(`\r\n\x1b[2m${text}\x1b[22m\r\n`);
  }

  clear(): void {
    this.term.reset();
  }
}
