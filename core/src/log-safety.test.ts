import { expect, test } from "bun:test";
import { createLogger } from "./logger.ts";

function lines(log: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const out: string[] = [];
  log(createLogger({ level: "info", write: (line) => out.push(line) }));
  return out.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("a failed query's binary parameters never reach a log line; long text is cut", () => {
  const jpeg = Buffer.alloc(1_200_000, 0xff);
  // What drizzle throws: the parameters in the message (as text) and as a field.
  const failed = Object.assign(
    new Error(`Failed query: insert into snapshots values ($1)\nparams: ${[...jpeg].join(",")}`),
    {
      query: "insert into snapshots values ($1)",
      params: [jpeg, "cam-1"],
    },
  );
  const [line] = lines((logger) => logger.error({ err: failed, error: failed.message }, failed.message));
  const text = JSON.stringify(line);
  expect(text.length).toBeLessThan(20_000);
  expect(text).toContain("[binary, 1200000 bytes]");
  expect(text).toContain("more characters]");
  expect(text).toContain("insert into snapshots");
  const err = line?.err as { params: unknown[]; message: string };
  expect(err.params[1]).toBe("cam-1");
});

test("credentials in URLs are masked in fields and messages", () => {
  const [line] = lines((logger) =>
    logger.warn(
      { source: "rtsp://admin:hunter2@10.0.0.5/s", nested: { url: "https://u:p@x.test/a" } },
      "cannot open rtsp://admin:hunter2@10.0.0.5/s",
    ),
  );
  const text = JSON.stringify(line);
  expect(text).not.toContain("hunter2");
  expect(text).not.toContain("u:p@");
  expect(text).toContain("rtsp://***@10.0.0.5/s");
});

test("ordinary fields pass unchanged", () => {
  const [line] = lines((logger) =>
    logger.info({ stream: "cam-1", frames: 12, ok: true, list: [1, 2] }, "done"),
  );
  expect(line).toMatchObject({
    stream: "cam-1",
    frames: 12,
    ok: true,
    list: [1, 2],
    msg: "done",
    level: "info",
  });
});
