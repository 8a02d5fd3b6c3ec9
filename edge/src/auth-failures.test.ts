import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN_FAILURE_LIMIT, AuthFailureLimiter } from "./auth-failures.ts";

test("wrangler.toml's rate-limiting binding has the same limit as the Bun server", () => {
  const config = Bun.TOML.parse(readFileSync(join(import.meta.dir, "..", "wrangler.toml"), "utf8")) as {
    ratelimits?: Array<{ name: string; simple: { limit: number; period: number } }>;
  };
  expect(config.ratelimits).toEqual([
    expect.objectContaining({
      name: "ADMIN_AUTH_LIMITER",
      simple: { limit: ADMIN_FAILURE_LIMIT.failures, period: ADMIN_FAILURE_LIMIT.windowSeconds },
    }),
  ]);
});

test("a client is refused after its failures, until its window ends; other clients are not", async () => {
  const limiter = new AuthFailureLimiter({ failures: 3, windowSeconds: 60 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i += 1) {
    expect(limiter.retryAfter("a", t0 + i)).toBeUndefined();
    await limiter.fail("a", undefined, t0 + i);
  }
  expect(limiter.retryAfter("a", t0 + 10)).toBe(60);
  expect(limiter.retryAfter("a", t0 + 59_500)).toBe(1);
  expect(limiter.retryAfter("b", t0 + 10)).toBeUndefined();
  expect(limiter.retryAfter("a", t0 + 60_000)).toBeUndefined();
  await limiter.fail("a", undefined, t0 + 60_000);
  expect(limiter.retryAfter("a", t0 + 60_001)).toBeUndefined();
});
