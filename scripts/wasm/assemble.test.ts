import { describe, expect, test } from "bun:test";
import { basename } from "node:path";
import { assembleWat, embeddedModule, WASM_SOURCES } from "./assemble.ts";

describe("embedded WebAssembly", () => {
  for (const { wat, embedded, exportName } of WASM_SOURCES) {
    test(`${basename(embedded)} is the assembly of ${basename(wat)} (else: bun run wasm:build)`, async () => {
      const expected = embeddedModule(await assembleWat(wat), exportName, basename(wat));
      expect(await Bun.file(embedded).text()).toBe(expected);
    });
  }
});
