import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { countOption, parseBenchOptions } from "./bench-options.ts";

describe("parseBenchOptions", () => {
  const shape = { frames: countOption(140), compare: z.stringbool().default(true) };

  test("defaults come from the schema; given values are parsed", () => {
    expect(parseBenchOptions(shape, [])).toEqual({ frames: 140, compare: true });
    expect(parseBenchOptions(shape, ["--frames", "20", "--compare", "false"])).toEqual({
      frames: 20,
      compare: false,
    });
  });

  test("a bad value stops the run naming the option", () => {
    expect(() => parseBenchOptions(shape, ["--frames", "many"])).toThrow(/frames/);
    expect(() => parseBenchOptions(shape, ["--frames", "0"])).toThrow(/frames/);
  });

  test("an unknown option is refused", () => {
    expect(() => parseBenchOptions(shape, ["--frame", "20"])).toThrow(/frame/);
  });
});
