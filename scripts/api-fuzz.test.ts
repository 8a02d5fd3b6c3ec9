// Property-based fuzz of every route in /openapi.json against the Bun server over a real
// PostgreSQL holding a real pipeline run: values that fit each parameter's schema, and hostile
// ones (NUL, broken Unicode, huge numbers, dates out of range, traversal, SQL, raw bytes).
// Whatever comes in: never a 5xx, and every error is the JSON error body. Bounded: RUNS requests
// per operation (~6,000 in all, seconds on a 2-core machine); a failure prints fast-check's seed
// and the smallest request that fails.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type OpenedDatabase, openDatabase } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { fixture, sharedPostgres } from "@streamlens/core/testing";
import { bunBindings, type LocalServer, serveLocal } from "@streamlens/edge";
import { regressionRequests } from "@streamlens/edge/testing";
import fc from "fast-check";
import { loadPipelineConfig } from "./pipeline/config.ts";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { testEnv } from "./testing/test-env.ts";

const RUNS = 400;
const TOKEN = "fuzz-admin-token-0123456789";
const STREAM = "bus";

interface Schema {
  type?: string;
  enum?: string[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

let server: LocalServer;
let database: OpenedDatabase;
let operations: Operation[];

beforeAll(async () => {
  const postgres = await sharedPostgres();
  const url = await postgres.createDatabase(`fuzz_${process.pid}`);
  const migrated = await openDatabase(
    { url, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  await migrated.close();
  const config = loadPipelineConfig(
    [fixture("images/bus.jpg")],
    testEnv({ DATABASE_URL: url, DATABASE_DRIVER: "postgres" }),
  );
  if (config.help) throw new Error("unexpected --help");
  expect((await runPipeline(config, { logger: silentLogger })).processed).toBe(1);
  database = await openDatabase({ url, driver: "postgres", dataDir: ".data" }, { logger: silentLogger });
  server = serveLocal({
    db: database.db,
    bindings: { ...bunBindings({}), DATABASE_URL: url, ADMIN_TOKEN: TOKEN },
    port: 0,
    logger: silentLogger,
  });
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
    components: { schemas: Record<string, Schema> };
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const ref = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content?.["application/json"]?.schema?.$ref;
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(ref ? { body: document.components.schemas[ref.split("/").at(-1) as string] } : {}),
      };
    }),
  );
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await database?.close();
});

/** Already percent-encoded: raw bytes and broken escapes no encoder would write. */
const rawHostile = fc.constantFrom(
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%FF%FE",
  "%C0%AF",
  "%",
  "%zz",
  "..%2F..%2Fetc%2Fpasswd",
  "%0D%0ASet-Cookie:%20x=1",
  "%E2%80%AE",
);
const hostileText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\u001b[31m",
  "'; drop table video_streams; --",
  "' OR '1'='1",
  "../../../../etc/passwd",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e308",
  "-1e308",
  "9007199254740993",
  "0x7f",
  "1.4e-45",
  "[]",
  "{}",
  "null",
  "true",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "2020-02-30T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "1969-12-31T23:59:59Z",
  "😀".repeat(40),
  "a".repeat(500),
);
const anyText = fc.oneof(
  hostileText,
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ maxLength: 20 }),
);

/** Percent-encodes text; text no encoder accepts (lone surrogates) is sent as broken bytes. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

/** Values that fit a parameter's schema, often enough to reach the handlers. */
function fitting(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === "integer" || schema.type === "number")
    return fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }).map(String);
  if (schema.format === "date-time")
    return fc
      .date({
        min: new Date("1960-01-01T00:00:00Z"),
        max: new Date("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  if (schema.pattern)
    return fc.oneof(fc.constantFrom(STREAM, "nobody"), fc.stringMatching(new RegExp(schema.pattern)));
  return fc.oneof(
    fc.constantFrom("person", "bus", "traffic light", "yolox-nano@d39bee73", "picodet-xs@00000000"),
    fc.string({ minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 64 }),
  );
}

const parameterValue = (schema: Schema) =>
  fc.oneof(
    { weight: 3, arbitrary: fitting(schema).map(encode) },
    { weight: 2, arbitrary: anyText.map(encode) },
    { weight: 1, arbitrary: rawHostile },
  );

function request(op: Operation): fc.Arbitrary<{ method: string; url: string; body?: string }> {
  const path = fc.tuple(
    ...op.parameters
      .filter((p) => p.in === "path")
      .map((p) => parameterValue(p.schema).map((v) => [p.name, v] as const)),
  );
  const query = fc.tuple(
    ...op.parameters
      .filter((p) => p.in === "query")
      .map((p) =>
        fc.option(
          parameterValue(p.schema).map((v) => `${p.name}=${v}`),
          { nil: undefined },
        ),
      ),
    fc.option(
      anyText.map((v) => `unknown=${encode(v)}`),
      { nil: undefined, freq: 10 },
    ),
  );
  const body = op.body ? fc.option(bodyFor(op.body), { nil: undefined, freq: 20 }) : fc.constant(undefined);
  return fc.tuple(path, query, body).map(([pathValues, queryParts, bodyText]) => {
    let url = op.path;
    for (const [name, value] of pathValues) url = url.replace(`{${name}}`, value === "" ? "%20" : value);
    const q = queryParts.filter((x) => x !== undefined).join("&");
    return {
      method: op.method,
      url: q ? `${url}?${q}` : url,
      ...(bodyText === undefined ? {} : { body: bodyText }),
    };
  });
}

/** JSON bodies shaped like the schema's object, with hostile values, and bodies that are not JSON. */
function bodyFor(schema: Schema): fc.Arbitrary<string> {
  const value = (property: Schema) =>
    fc.oneof(
      property.type === "number"
        ? fc.oneof(
            fc.double({ min: 0, max: 60, noNaN: true }),
            fc.constantFrom(1.4e-45, 1e-30, -0, 1e308, -1, 0.001, 30, 30.0001),
          )
        : property.type === "boolean"
          ? fc.boolean()
          : fc.oneof(
              fc.constantFrom(
                "rtsp://cam/1",
                "https://www.youtube.com/watch?v=ydYDqZQpim8",
                "ydYDqZQpim8",
                "https://cdn.example/live/index.m3u8",
                "cam-1",
              ),
              anyText,
            ),
      anyText,
      fc.constantFrom(null, 0, true, [], {}),
    );
  const shaped = fc
    .record(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, value(v)])), {
      requiredKeys: [],
    })
    .chain((object) =>
      fc
        .option(anyText, { nil: undefined, freq: 5 })
        .map((extra) => JSON.stringify(extra === undefined ? object : { ...object, [extra]: 1 })),
    );
  // Bodies that fit, so registering (and re-registering) a stream is exercised too.
  const valid = fc
    .record(
      {
        source: fc.constantFrom("rtsp://cam/1", "https://www.youtube.com/watch?v=ydYDqZQpim8", "ydYDqZQpim8"),
        title: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== ""),
        fps: fc.double({ min: 0.001, max: 30, noNaN: true }),
        active: fc.boolean(),
      },
      { requiredKeys: ["source"] },
    )
    .map((object) => JSON.stringify(object));
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    { weight: 5, arbitrary: shaped },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "{not json",
        "null",
        "[]",
        '"x"',
        "1e999",
        "[".repeat(5000),
        '{"source":',
      ),
    },
  );
}

/** Requests sent, by status: the test shows both what it tried and that handlers were reached. */
const statuses = new Map<number, number>();

async function send(req: { method: string; url: string; body?: string }) {
  const headers: Record<string, string> = {};
  if (req.url.startsWith("/v1/admin/")) headers.authorization = `Bearer ${TOKEN}`;
  if (req.body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${server.url}${req.url}`, {
    method: req.method,
    headers,
    ...(req.body === undefined ? {} : { body: req.body }),
  });
}

/** The property: no 5xx; an error is `{"error": {"code", "message"}}` as JSON. */
async function expectSane(req: { method: string; url: string; body?: string }) {
  const response = await send(req);
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  const what = `${req.method} ${req.url}${req.body === undefined ? "" : ` ${req.body.slice(0, 200)}`} → ${response.status} ${text.slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`server error: ${what}`);
  if (response.status >= 400) {
    if (!(response.headers.get("content-type") ?? "").includes("application/json"))
      throw new Error(`error without a JSON body: ${what}`);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string")
      throw new Error(`error body without code and message: ${what}`);
  }
}

describe("fuzz: every route in /openapi.json", () => {
  test("the document lists the routes to fuzz", () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
  });

  test("no 5xx and every error a JSON body, whatever the parameters and bodies", async () => {
    for (const op of operations) {
      // Rebuilding the models is slow and takes no input: a few runs are enough.
      const numRuns = op.path === "/v1/admin/models/run" ? 3 : RUNS;
      await fc.assert(fc.asyncProperty(request(op), expectSane), { numRuns });
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    console.log(`fuzz: responses by status ${JSON.stringify(Object.fromEntries(statuses))}`);
    // Enough requests fit the schemas to reach the handlers, not only the validators.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(operations.length * RUNS * 0.1);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(operations.length * RUNS * 0.1);
  }, 240_000);

  test("any method on any route, and unknown paths", async () => {
    const paths = fc.oneof(
      fc.constantFrom(...operations.map((op) => op.path.replaceAll(/\{\w+\}/g, STREAM))),
      anyText.map((t) => `/v1/${encode(t)}`),
      rawHostile.map((t) => `/v1/streams/${t}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"), paths, (method, url) =>
        expectSane({ method, url }),
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  test("regressions: each request that was a 500 is a 400 naming its parameter", async () => {
    for (const { method, path, body, parameter } of regressionRequests(STREAM)) {
      const response = await send({ method, url: path, ...(body === undefined ? {} : { body }) });
      const json = (await response.json()) as { error?: { parameter?: string } };
      expect([method, path, body, response.status, json.error?.parameter]).toEqual([
        method,
        path,
        body,
        400,
        parameter,
      ]);
    }
    const long = await fetch(`${server.url}/v1/streams?class=${"a".repeat(70_000)}`);
    expect(long.status).toBe(414);
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe("uri-too-long");
  });
});
