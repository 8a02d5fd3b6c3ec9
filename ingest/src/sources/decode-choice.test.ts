import { describe, expect, test } from "bun:test";
import { fixture } from "@streamlens/core/testing";
import { type MediaProbe, probeMedia } from "../ffmpeg/probe.ts";
import { type DecodeMode, sampleFrames } from "../ffmpeg/sampler.ts";
import { requireFfmpeg, requireFfprobe } from "../testing/require-tools.ts";
import { chooseDecode } from "./decode-choice.ts";

// The fixture: 139.4 s of H.264 at 10 fps, a key frame every second, B-frames between
// reference frames up to 0.4 s apart.
const video = fixture("video/one-by-one-person-detection.mp4");
const ffmpeg = requireFfmpeg();
const ffprobe = requireFfprobe();

async function countFrames(decode: DecodeMode, fps: number): Promise<number> {
  let frames = 0;
  for await (const _ of sampleFrames({
    ffmpeg,
    input: video,
    label: "fixture",
    fps,
    decode,
    maxWidth: 160,
  })) {
    frames += 1;
  }
  return frames;
}

describe("the fixture at several rates", async () => {
  const probe = (await probeMedia({ ffprobe, input: video, timeoutMs: 20_000 })) as MediaProbe;

  test("ffprobe measures key and reference frame spacing", () => {
    expect(probe.durationS).toBeCloseTo(139.4, 1);
    expect(probe.maxKeyframeGapS).toBeCloseTo(1, 2);
    expect(probe.maxReferenceGapS).toBeCloseTo(0.4, 2);
  });

  for (const requested of ["auto", "keyframes", "noref", "all"] as const) {
    for (const fps of [1, 2.5, 5, 10]) {
      test(`decode=${requested} at ${fps} fps delivers the rate within 2 %, or says why not`, async () => {
        const plan = chooseDecode(requested, probe, fps);
        const frames = await countFrames(plan.decode, fps);
        const asked = (probe.durationS as number) * fps;
        if (plan.notice) {
          // A notice is only for a real shortfall, and says what the mode can give.
          expect(frames).toBeLessThan(asked * 0.98);
          expect(plan.notice).toContain(`decode=${requested}`);
          expect(plan.notice).toContain(`asked ${fps} fps`);
        } else {
          expect(Math.abs(frames - asked) / asked).toBeLessThanOrEqual(0.02);
        }
        if (requested === "auto" || requested === "all") expect(plan.notice).toBeUndefined();
      });
    }
  }

  test("auto decodes as little as still delivers the rate", () => {
    expect([1, 2.5, 5, 10].map((fps) => chooseDecode("auto", probe, fps).decode)).toEqual([
      "keyframes",
      "noref",
      "all",
      "all",
    ]);
  });
});

describe("chooseDecode without a full measurement", () => {
  test("auto decodes every frame when nothing is known, and explicit skipping says it may fall short", () => {
    expect(chooseDecode("auto", undefined, 1)).toEqual({ decode: "all" });
    expect(chooseDecode("keyframes", undefined, 1).notice).toContain("unknown");
    expect(chooseDecode("noref", { maxKeyframeGapS: 2 }, 1).notice).toContain("unknown");
  });

  test("long key frame gaps: keyframes says what it gives, auto falls back to reference frames", () => {
    const probe: MediaProbe = { maxKeyframeGapS: 10, maxReferenceGapS: 0.1, fps: 30 };
    expect(chooseDecode("keyframes", probe, 1).notice).toContain("about 0.10 fps of the asked 1 fps");
    expect(chooseDecode("auto", probe, 1)).toEqual({ decode: "noref" });
    expect(chooseDecode("auto", probe, 0.1)).toEqual({ decode: "keyframes" });
  });

  test("asking for more than the source has is said, whatever the mode", () => {
    expect(chooseDecode("all", { fps: 10 }, 25).notice).toContain("the source has 10 fps");
    expect(chooseDecode("all", { fps: 25 }, 25).notice).toBeUndefined();
  });
});
