import { expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import type { Database } from "@streamlens/analytics/store";
import { bunBindings } from "../env.ts";
import { serveLocal } from "./serve-local.ts";

/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

test.skipIf(!outside)("with no host given, the server answers on loopback only", async () => {
  // /openapi.json reads no database.
  const server = serveLocal({ db: undefined as unknown as Database, bindings: bunBindings({}), port: 0 });
  try {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
    const fromOutside = await fetch(`http://${outside}:${server.port}/openapi.json`).then(
      (r) => r.status,
      (e: Error) => e.name,
    );
    expect(fromOutside).not.toBe(200);
  } finally {
    await server.stop();
  }
});

test.skipIf(!outside)("HOST=0.0.0.0 answers on every interface", async () => {
  const server = serveLocal({
    db: undefined as unknown as Database,
    bindings: bunBindings({}),
    port: 0,
    hostname: "0.0.0.0",
  });
  try {
    expect((await fetch(`http://${outside}:${server.port}/openapi.json`)).status).toBe(200);
  } finally {
    await server.stop();
  }
});
