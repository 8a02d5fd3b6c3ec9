// `bun run aggregate`: analytics alone. Reads detections messages (one JSON object per line on
// stdin, as `bun run detect` prints), adds them to the window statistics in the embedded
// database, idempotently, and prints what it did. A bad line is reported and skipped.
import {
  analyticsSettings,
  databaseSettings,
  openDatabase,
  toFrameCounts,
  writeFrameCounts,
} from "@streamlens/analytics";
import {
  createLogger,
  decodeDetections,
  describeError,
  flagOptions,
  loadSettings,
  parseCommandLine,
} from "@streamlens/core";

async function main(): Promise<number> {
  const { values } = parseCommandLine(Bun.argv.slice(2), flagOptions(analyticsSettings, databaseSettings), {
    command: "bun run aggregate",
  });
  const sources = { env: process.env, flags: values };
  const config = loadSettings(analyticsSettings, sources);
  const database = loadSettings(databaseSettings, sources);
  const { db, close, where } = await openDatabase(database, {
    logger: createLogger({ level: "warn", name: "aggregate" }),
  });
  const totals = { lines: 0, rejected: 0, counted: 0, duplicates: 0, windows: new Set<string>() };
  let batch: ReturnType<typeof toFrameCounts>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await writeFrameCounts(db, batch, config.windowSeconds);
    totals.counted += result.counted;
    totals.duplicates += result.duplicates;
    for (const f of batch) totals.windows.add(`${f.streamId}|${f.windowStartMs}|${f.model}`);
    batch = [];
  };
  const encoder = new TextEncoder();
  try {
    for await (const line of console) {
      if (line.trim() === "") continue;
      totals.lines += 1;
      try {
        batch.push(
          toFrameCounts(decodeDetections({ payload: encoder.encode(line) }), config.windowSeconds * 1000),
        );
      } catch (error) {
        totals.rejected += 1;
        process.stderr.write(`aggregate: line ${totals.lines}: ${describeError(error)}\n`);
      }
      if (batch.length >= config.maxPending) await flush();
    }
    await flush();
  } finally {
    await close();
  }
  const { windows, ...rest } = totals;
  process.stdout.write(`${JSON.stringify({ ...rest, windows: windows.size, database: where })}\n`);
  return totals.rejected > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`aggregate: ${describeError(error)}\n`);
    process.exit(2);
  },
);
