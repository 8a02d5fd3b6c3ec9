// `bun run wasm:build`: assembles the hand-written WebAssembly (inference-pool/src/*.wat) into
// the TypeScript modules that embed it; `scripts/wasm/assemble.test.ts` fails when they are stale.
import { basename } from "node:path";
import { assembleWat, embeddedModule, WASM_SOURCES } from "./wasm/assemble.ts";

for (const { wat, embedded, exportName } of WASM_SOURCES) {
  const text = embeddedModule(await assembleWat(wat), exportName, basename(wat));
  const before = await Bun.file(embedded)
    .text()
    .catch(() => "");
  await Bun.write(embedded, text);
  console.log(`wasm:build: ${basename(embedded)} ${before === text ? "is up to date" : "rewritten"}`);
}
