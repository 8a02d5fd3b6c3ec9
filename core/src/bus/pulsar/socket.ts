import { backoffDelay } from "../../backoff.ts";
import type { Logger } from "../../logger.ts";

/**
 * Reconnect delays of a session: short, and capped low, because a restarted broker is usually
 * back within seconds and every second a session waits after that is a second of frames not
 * flowing (a 10 s cap made services lag a restarted broker by up to 7 s). Each attempt is one
 * cheap WebSocket handshake, so probing every 2 s during a long outage costs nothing.
 */
export const RECONNECT_BACKOFF = { initialMs: 200, maxMs: 2_000 } as const;

export interface SocketOptions {
  url: string;
  token: string | undefined;
  /** What this socket is, in log lines (producer or consumer of which topic). */
  name: string;
  logger: Logger;
  pingIntervalMs: number;
  backoff: { initialMs: number; maxMs: number };
  onOpen: () => void;
  onMessage: (text: string) => void;
  onDown: (reason: string) => void;
  /** Explains a connection that failed before opening (the broker's REST answers say more). */
  diagnose: () => Promise<string>;
}

/**
 * One WebSocket session to the broker that comes back after every loss: reconnects with
 * exponential backoff (never a tight loop), pings to keep idle sessions alive, and reports each
 * failure once per attempt with a reason.
 */
export class ReconnectingSocket {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private ping: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private openWaiters: Array<() => void> = [];
  everOpened = false;

  constructor(private readonly options: SocketOptions) {
    this.connect();
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends when open; false means the text was not sent (the caller keeps it for the next session). */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    (this.ws as WebSocket).send(text);
    return true;
  }

  /** Resolves once the session is open (at once if it is), or when closed. */
  whenOpen(): Promise<void> {
    if (this.isOpen || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.openWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    this.ws?.close(1000, "closed by client");
    for (const resolve of this.openWaiters.splice(0)) resolve();
  }

  private connect() {
    if (this.closed) return;
    const { url, token } = this.options;
    let opened = false;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
    } catch (error) {
      this.scheduleReconnect(`cannot open a WebSocket to ${url}: ${(error as Error).message}`, false);
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      opened = true;
      this.everOpened = true;
      if (this.attempt > 0)
        this.options.logger.info({ socket: this.options.name }, "pulsar session restored");
      this.attempt = 0;
      clearInterval(this.ping);
      this.ping = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN) ws.ping();
      }, this.options.pingIntervalMs);
      this.options.onOpen();
      for (const resolve of this.openWaiters.splice(0)) resolve();
    };
    ws.onmessage = (event) => {
      this.options.onMessage(
        typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer),
      );
    };
    ws.onclose = (event) => {
      clearInterval(this.ping);
      if (this.ws !== ws) return;
      const reason = `${event.code}${event.reason ? ` ${event.reason}` : ""}`;
      if (opened) this.options.onDown(reason);
      this.scheduleReconnect(reason, opened);
    };
  }

  private scheduleReconnect(reason: string, wasOpen: boolean) {
    if (this.closed) return;
    const delay = backoffDelay(this.attempt, { ...this.options.backoff, jitter: 0.2 });
    this.attempt += 1;
    const log = this.options.logger;
    const report = async () => {
      const why = wasOpen ? `session closed (${reason})` : await this.options.diagnose();
      log.warn(
        { socket: this.options.name, attempt: this.attempt, retryInMs: delay, reason: why },
        "pulsar session down, reconnecting",
      );
    };
    void report();
    this.retry = setTimeout(() => this.connect(), delay);
  }
}
