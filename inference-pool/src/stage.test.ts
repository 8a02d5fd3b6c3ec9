import { expect, test } from "bun:test";
import { availableParallelism } from "node:os";
import { createMetricsRegistry, InProcessBus, topicNames, topicsConfigSchema } from "@streamlens/core";
import { captureLogger, FIXTURE_MODELS } from "@streamlens/core/testing";
import { inferenceConfigSchema } from "./settings.ts";
import { createInferenceStage } from "./stage.ts";

test("asking for a GPU on a machine without one: the stage runs on CPU and says so in /health and /metrics", async () => {
  const bus = new InProcessBus();
  const metrics = createMetricsRegistry("inference");
  const { logger, records } = captureLogger();
  const stage = await createInferenceStage({
    config: inferenceConfigSchema.parse({ modelsDirs: [FIXTURE_MODELS], provider: "gpu" }),
    bus,
    topics: topicNames(topicsConfigSchema.parse({})),
    logger,
    metrics,
  });
  try {
    expect(stage.health()).toMatchObject({ ok: true, provider: "cpu", model: "yolox-nano@d39bee73" });
    // On CPU, frames run in one session lane per core (up to 4); a single core runs them inline.
    const cores = availableParallelism();
    expect(stage.health().sessions).toBe(cores > 1 ? Math.min(cores, 4) : 0);
    expect(await metrics.metrics()).toContain(
      'streamlens_inference_provider{provider="cpu",model="yolox-nano@d39bee73",service="inference"} 1',
    );
    const fallback = records().filter((r) => r.level === "warn");
    expect(fallback.length).toBe(1);
    expect(String(fallback[0]?.msg)).toContain("gpu is unavailable here, running on CPU");
    // Every GPU provider tried, each with its reason.
    expect(((fallback[0]?.reasons ?? []) as string[]).map((r) => r.split(":")[0])).toEqual([
      "tensorrt",
      "cuda",
      "webgpu",
    ]);
  } finally {
    await stage.close();
    await bus.close();
  }
}, 30_000);
