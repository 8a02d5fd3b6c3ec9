import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@streamlens/core";
import { captureLogger, FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { Detector } from "../detector.ts";
import { BUILTIN_MODELS } from "../models/catalog.ts";
import type { ModelSpec } from "../models/spec.ts";
import { loadSession } from "./session.ts";

const base = {
  modelsDirs: [FIXTURE_MODELS],
  intraOpThreads: 1,
  maxBatch: 4,
  scoreThreshold: 0.5,
  iouThreshold: 0.45,
};

describe("execution providers", () => {
  test("asking for CUDA without a GPU falls back to CPU with one warning line", async () => {
    const { logger, records } = captureLogger();
    const spec = BUILTIN_MODELS.find((m) => m.name === "fastestdet") as ModelSpec;
    const detector = await Detector.load(spec, { ...base, provider: "cuda", logger });
    expect(detector.provider).toBe("cpu");
    const warnings = records().filter((r) => r.level === "warn");
    expect(warnings.length).toBe(1);
    expect(String(warnings[0]?.msg)).toMatch(/cuda is unavailable here, running on CPU/);
    const [result] = await detector.detect([await Bun.file(fixture("images/person.jpg")).bytes()]);
    expect(result?.objects.length).toBeGreaterThan(0);
    await detector.close();
  }, 30_000);

  test("TensorRT falls back the same way", async () => {
    const path = join(FIXTURE_MODELS, "FastestDet.onnx");
    const { session, provider } = await loadSession(
      { path, bytes: await Bun.file(path).bytes() },
      "tensorrt",
      1,
      silentLogger,
    );
    expect(provider).toBe("cpu");
    await session.release();
  });
});

test("a model file that is not ONNX is a clear error, even with a matching sha256", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sl-notonnx-"));
  const bytes = "this is a README, not a network";
  writeFileSync(join(dir, "readme.onnx"), bytes);
  const spec: ModelSpec = {
    ...(BUILTIN_MODELS[0] as ModelSpec),
    name: "readme",
    file: "readme.onnx",
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
  const attempt = Detector.load(spec, { ...base, modelsDirs: [dir], provider: "cpu", logger: silentLogger });
  await expect(attempt).rejects.toMatchObject({ code: "invalid-model" });
  await expect(attempt).rejects.toThrow(/readme\.onnx is not an ONNX model/);
});
