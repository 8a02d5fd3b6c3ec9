import { describe, expect, test } from "bun:test";
import { backoffDelay, withRetry } from "./backoff.ts";
import { StreamlensError } from "./errors.ts";
import { captureLogger } from "./testing/capture-logger.ts";

const fast = { initialMs: 1, maxMs: 4 };

/** A task that fails `failures` times with `error`, then returns "done". */
function failing(failures: number, error: () => unknown = () => new Error("down")) {
  const attempts: number[] = [];
  const task = async (attempt: number) => {
    attempts.push(attempt);
    if (attempts.length <= failures) throw error();
    return "done";
  };
  return { task, attempts };
}

describe("backoffDelay", () => {
  test("doubles from the first delay up to the cap", () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 500 }))).toEqual([
      100, 200, 400, 500, 500,
    ]);
  });
});

describe("withRetry", () => {
  test("tries again until the task succeeds, logging each failure with its delay", async () => {
    const { logger, records } = captureLogger("info");
    const { task, attempts } = failing(3);
    expect(
      await withRetry(task, { what: "reaching x", logger, backoff: fast, details: () => ({ n: 7 }) }),
    ).toBe("done");
    expect(attempts).toEqual([0, 1, 2, 3]);
    const warnings = records().filter((r) => r.level === "warn");
    expect(warnings.map((w) => [w.msg, w.error, w.attempt, w.retryInMs, w.n])).toEqual([
      ["reaching x failed, retrying", "down", 1, 1, 7],
      ["reaching x failed, retrying", "down", 2, 2, 7],
      ["reaching x failed, retrying", "down", 3, 4, 7],
    ]);
  });

  test("logs at the level asked for, with the error's hint", async () => {
    const { logger, records } = captureLogger("info");
    const hinted = () => new StreamlensError("x", "refused", { hint: "check the token", retryable: true });
    await withRetry(failing(1, hinted).task, { what: "x", logger, backoff: fast, level: "error" });
    expect(records().map((r) => [r.level, r.error])).toEqual([["error", "refused (check the token)"]]);
  });

  test("an error that says it cannot succeed ends it at once, unless retryIf says otherwise", async () => {
    const { logger } = captureLogger("info");
    const permanent = () => new StreamlensError("x", "no such database");
    const once = failing(1, permanent);
    await expect(withRetry(once.task, { what: "x", logger, backoff: fast })).rejects.toThrow(
      "no such database",
    );
    expect(once.attempts).toEqual([0]);
    const again = failing(2, permanent);
    expect(await withRetry(again.task, { what: "x", logger, backoff: fast, retryIf: () => true })).toBe(
      "done",
    );
    const limited = failing(10);
    await expect(
      withRetry(limited.task, { what: "x", logger, backoff: fast, retryIf: (_e, attempt) => attempt < 2 }),
    ).rejects.toThrow("down");
    expect(limited.attempts).toEqual([0, 1, 2]);
  });

  test("an aborted signal cuts the wait short and throws the last error", async () => {
    const { logger } = captureLogger("info");
    const controller = new AbortController();
    const { task, attempts } = failing(100);
    const retrying = withRetry(task, {
      what: "x",
      logger,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      signal: controller.signal,
    });
    // Aborted while it waits a minute before the second attempt.
    setTimeout(() => controller.abort(), 20);
    await expect(retrying).rejects.toThrow("down");
    expect(attempts).toEqual([0]);
  }, 5_000);
});
