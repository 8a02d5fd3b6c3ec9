import { describe, expect, test } from "bun:test";
import { parseCommandLine } from "./command-line.ts";

const OPTIONS = {
  fps: { type: "string" },
  json: { type: "boolean" },
  tag: { type: "string", multiple: true },
} as const;
const parse = (argv: string[], positionals = true) =>
  parseCommandLine(argv, OPTIONS, { command: "bun run x", positionals });
const failure = (argv: string[], positionals = true) => {
  try {
    parse(argv, positionals);
  } catch (error) {
    return error as Error & { code: string; hint: string };
  }
  throw new Error("it parsed");
};

describe("parseCommandLine", () => {
  test("values and positionals", () => {
    expect(parse(["a.mp4", "--fps", "2", "--json"])).toEqual({
      values: { fps: "2", json: true },
      positionals: ["a.mp4"],
    });
  });

  test("a negative number is a value, for the settings to judge", () => {
    expect(parse(["--fps", "-1"]).values.fps).toBe("-1");
    expect(parse(["--fps", "-.5"]).values.fps).toBe("-.5");
  });

  test("a negative number where a positional may stand is that positional, in its place", () => {
    expect(parse(["-1", "--fps", "-2", "b", "-0.5"])).toEqual({
      values: { fps: "-2" },
      positionals: ["-1", "b", "-0.5"],
    });
    expect(failure(["-1"], false).message).toMatch(/Unknown option '-1'/);
  });

  test("a flag given twice is refused; one that may repeat is kept", () => {
    const error = failure(["--fps", "1", "--fps=2"]);
    expect(error.code).toBe("invalid-args");
    expect(error.message).toBe("--fps is given more than once");
    expect(parse(["--tag", "a", "--tag", "b"]).values.tag).toEqual(["a", "b"]);
  });

  test("unknown flags, missing values and unexpected arguments are invalid-args with a hint", () => {
    expect(failure(["--fsp", "1"]).message).toMatch(/Unknown option '--fsp'/);
    expect(failure(["--fps"]).message).toMatch(/argument missing/);
    const extra = failure(["stray"], false);
    expect(extra.message).toBe("unexpected argument 'stray'");
    expect(extra.hint).toBe("see `bun run x` in README.md");
  });
});
