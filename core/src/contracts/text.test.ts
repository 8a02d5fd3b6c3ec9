import { expect, test } from "bun:test";
import { z } from "zod";
import { MAX_FPS, MIN_FPS, samplingFpsSchema } from "./sampling.ts";
import { isPlainText, plainText } from "./text.ts";

test("plain text: words in any script and emoji pass; control characters and lone surrogates do not", () => {
  for (const ok of ["person", "traffic light", "Namib — désert 🐘", "東京"])
    expect(isPlainText(ok)).toBe(true);
  for (const bad of ["a\u0000b", "tab\there", "line\nbreak", "\u007f", "\u0085", "\ud800", "x\udc00"])
    expect(isPlainText(bad)).toBe(false);
});

test("plainText keeps the schema's own checks and adds its message", () => {
  const schema = plainText(z.string().trim().min(1).max(5));
  expect(schema.parse(" ok ")).toBe("ok");
  expect(schema.safeParse("toolong").success).toBe(false);
  const nul = schema.safeParse("a\u0000");
  expect(nul.success).toBe(false);
  expect(nul.error?.issues[0]?.message).toMatch(/control characters/);
});

test("sampling fps: one declaration of the accepted range", () => {
  expect(samplingFpsSchema.parse(MIN_FPS)).toBe(MIN_FPS);
  expect(samplingFpsSchema.parse(MAX_FPS)).toBe(MAX_FPS);
  for (const bad of [0, 1e-30, 1.4e-45, -1, MAX_FPS + 0.1, Number.NaN, Number.POSITIVE_INFINITY])
    expect(samplingFpsSchema.safeParse(bad).success).toBe(false);
});
