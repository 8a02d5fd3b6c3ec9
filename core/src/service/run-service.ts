import { describeError, exitCodeOf, isStreamlensError } from "../errors.ts";
import type { Logger } from "../logger.ts";

/**
 * Runs a service's main until it returns or SIGTERM/SIGINT asks it to stop (it gets an abort
 * signal, finishes what it holds, and returns: exit 0). A second signal exits at once.
 * Configuration errors exit 2, other failures 1, each with one clear line.
 */
export async function runService(
  name: string,
  logger: Logger,
  main: (signal: AbortSignal) => Promise<void>,
): Promise<never> {
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal, exiting now");
      process.exit(1);
    }
    logger.info({ signal }, `${name} stopping`);
    stop.abort();
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  try {
    await main(stop.signal);
    logger.info(`${name} stopped`);
    process.exit(0);
  } catch (error) {
    // Asked to stop while still waiting for a dependency (the broker): a clean stop all the same.
    if (stop.signal.aborted) {
      logger.info({ while: describeError(error) }, `${name} stopped before it was ready`);
      process.exit(0);
    }
    const code = isStreamlensError(error) ? error.code : "crash";
    logger.fatal({ code, error: describeError(error) }, `${name} failed`);
    process.stderr.write(`${name}: ${describeError(error)}\n`);
    process.exit(exitCodeOf(error));
  }
}

/**
 * A command's settings, read before anything starts: a mistake in them ends the command with
 * one line naming it, and exit status 2.
 */
export function settingsOrExit<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${name}: ${describeError(error)}\n`);
    process.exit(exitCodeOf(error));
  }
}
