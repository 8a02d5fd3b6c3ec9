import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { StreamlensError } from "./errors.ts";

/**
 * Every command's flags, parsed the same way on top of node:util's parseArgs, which leaves three
 * things to do: a flag given twice is refused (parseArgs silently keeps the last), a negative
 * number is a value (`--fps -1` gets "must be positive", not "argument is ambiguous"), and every
 * mistake is an `invalid-args` error, which commands turn into exit status 2.
 */
export function parseCommandLine<const O extends ParseArgsOptionsConfig>(
  argv: string[],
  options: O,
  usage: { command: string; positionals?: boolean },
) {
  const hint = options.help ? `see \`${usage.command} --help\`` : `see \`${usage.command}\` in README.md`;
  const args = joinNegativeValues(argv, options, usage.positionals === true);
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true; tokens: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (cause) {
    throw new StreamlensError("invalid-args", (cause as Error).message, { hint });
  }
  if (!usage.positionals && parsed.positionals.length > 0)
    throw new StreamlensError("invalid-args", `unexpected argument '${parsed.positionals[0]}'`, { hint });
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name) && !options[token.name]?.multiple)
      throw new StreamlensError("invalid-args", `${token.rawName} is given more than once`, { hint });
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals.map(unwrapNegative) };
}

// parseArgs reads any argument starting with '-' as an option; a negative number where a
// positional is allowed (`pool:scale -1`) is wrapped past it, so its own check can name it.
const NEGATIVE = "\u0000negative:";
const unwrapNegative = (value: string) => (value.startsWith(NEGATIVE) ? value.slice(NEGATIVE.length) : value);

/** `--fps -1` → `--fps=-1` for options that take a value, so the value's check speaks. */
function joinNegativeValues(argv: string[], options: ParseArgsOptionsConfig, positionals: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (name && options[name]?.type === "string" && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else if (positionals && /^-\d|^-\.\d/.test(arg)) out.push(`${NEGATIVE}${arg}`);
    else out.push(arg);
  }
  return out;
}
