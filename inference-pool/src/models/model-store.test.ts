import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@streamlens/core";
import { FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { BUILTIN_MODELS } from "./catalog.ts";
import { ensureModelFile } from "./model-store.ts";
import { resolveModelSpec } from "./resolve-spec.ts";
import type { ModelSpec } from "./spec.ts";

const yolox = BUILTIN_MODELS.find((m) => m.name === "yolox-nano") as ModelSpec;
let server: ReturnType<typeof Bun.serve>;
let served: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  served = await Bun.file(fixture("models/yolox_nano.onnx")).bytes();
  server = Bun.serve({
    port: 0,
    fetch: (request) =>
      new URL(request.url).pathname === "/yolox_nano.onnx"
        ? new Response(served)
        : new Response("no", { status: 404 }),
  });
});
afterAll(() => server.stop(true));

describe("ensureModelFile", () => {
  test("finds a verified file in the configured folders", async () => {
    const empty = mkdtempSync(join(tmpdir(), "sl-models-"));
    expect(await ensureModelFile(yolox, { dirs: [empty, FIXTURE_MODELS], logger: silentLogger })).toBe(
      join(FIXTURE_MODELS, "yolox_nano.onnx"),
    );
  });

  test("downloads a missing file from the spec URL and checks its sha256", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-download-"));
    const spec = { ...yolox, url: `http://127.0.0.1:${server.port}/yolox_nano.onnx` };
    const path = await ensureModelFile(spec, { dirs: [join(dir, "nested")], logger: silentLogger });
    expect(path).toBe(join(dir, "nested", "yolox_nano.onnx"));
    expect(await Bun.file(path).bytes()).toEqual(served);
  });

  test("a download with other bytes is refused and leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-download-"));
    const spec = { ...yolox, sha256: "0".repeat(64), url: `http://127.0.0.1:${server.port}/yolox_nano.onnx` };
    await expect(ensureModelFile(spec, { dirs: [dir], logger: silentLogger })).rejects.toMatchObject({
      code: "sha256-mismatch",
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a local file whose sha256 differs from the pin is an error naming both", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-models-"));
    writeFileSync(join(dir, "yolox_nano.onnx"), "not the weights");
    const attempt = ensureModelFile(yolox, { dirs: [dir], logger: silentLogger });
    await expect(attempt).rejects.toMatchObject({ code: "sha256-mismatch" });
    await expect(attempt).rejects.toThrow(/has sha256 [0-9a-f]{64}, but yolox-nano@d39bee73 pins d39bee73/);
  });

  test("an unreachable URL fails with a hint for offline machines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-models-"));
    const spec = { ...yolox, url: "http://127.0.0.1:9/yolox_nano.onnx" };
    const attempt = ensureModelFile(spec, { dirs: [dir], logger: silentLogger });
    await expect(attempt).rejects.toMatchObject({ code: "model-download-failed" });
    await expect(attempt).rejects.toMatchObject({ hint: expect.stringContaining("STREAMLENS_DETECTOR_DIR") });
    expect(existsSync(join(dir, "yolox_nano.onnx"))).toBe(false);
  });
});

describe("resolveModelSpec", () => {
  test("built-in names and name@version", async () => {
    expect((await resolveModelSpec("fastestdet")).file).toBe("FastestDet.onnx");
    expect((await resolveModelSpec("yolox-nano@d39bee73")).name).toBe("yolox-nano");
  });

  test("an unknown model names the ones there are", async () => {
    await expect(resolveModelSpec("yolov99")).rejects.toThrow(/unknown model 'yolov99'/);
    await expect(resolveModelSpec("yolov99")).rejects.toMatchObject({
      hint: expect.stringContaining("yolox-nano"),
    });
  });

  test("a spec file is validated, naming each bad field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sl-spec-"));
    const path = join(dir, "mine.json");
    writeFileSync(path, JSON.stringify({ ...yolox, sha256: "xyz", decoder: { kind: "yolo-nas" } }));
    await expect(resolveModelSpec(path)).rejects.toThrow(/sha256: 64 lowercase hex digits/);
    await expect(resolveModelSpec(path)).rejects.toThrow(/decoder\.kind/);
    writeFileSync(path, JSON.stringify({ ...yolox, name: "mine" }));
    expect((await resolveModelSpec(path)).name).toBe("mine");
  });
});
