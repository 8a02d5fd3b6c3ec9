import type { IncomingMessage, ReceiveOptions } from "./types.ts";

type Waiter = (message: IncomingMessage | undefined) => void;

/**
 * A consumer's inbox: messages that arrived before anyone asked for them, and receives waiting
 * for the next one (each with its own timeout and abort signal). Both bus adapters deliver
 * through it, so a receive behaves the same over Pulsar and in process.
 */
export class ReceiveQueue {
  private readonly kept: IncomingMessage[] = [];
  private readonly waiters: Waiter[] = [];

  /** Messages kept, not yet received. */
  get length(): number {
    return this.kept.length;
  }

  /** Hands the message to the longest-waiting receive, or keeps it. */
  offer(message: IncomingMessage): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.kept.push(message);
  }

  /** The oldest kept message, without waiting. */
  poll(): IncomingMessage | undefined {
    return this.kept.shift();
  }

  /**
   * Waits for the next offered message; undefined when `timeoutMs` passes, the signal aborts or
   * {@link release} is called. The waiter is registered before this returns.
   */
  wait(options: ReceiveOptions = {}): Promise<IncomingMessage | undefined> {
    return new Promise((resolve) => {
      const finish = (message: IncomingMessage | undefined) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", giveUp);
        resolve(message);
      };
      const giveUp = () => {
        const index = this.waiters.indexOf(finish);
        if (index >= 0) this.waiters.splice(index, 1);
        finish(undefined);
      };
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(giveUp, options.timeoutMs);
      options.signal?.addEventListener("abort", giveUp, { once: true });
      this.waiters.push(finish);
    });
  }

  /** Ends every waiting receive with undefined (the consumer is closing). */
  release(): void {
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  /** Takes out every kept message. */
  drain(): IncomingMessage[] {
    return this.kept.splice(0);
  }
}
