import { StreamlensError } from "@streamlens/core/contracts";

export interface Rollup {
  /** The output table (declared in schema.ts) that the model rebuilds. */
  name: string;
  /** Models whose outputs this one reads: built first, and when one fails this one is skipped. */
  depends: string[];
  /** One INSERT … SELECT into the output table. */
  sql: string;
}

/**
 * Reads a model file: a `-- model: <table>` line, a `-- depends: a, b` line, comments, then the
 * SQL. The header is the model's declaration; nothing else is configured anywhere.
 */
export function parseRollup(file: string, text: string): Rollup {
  const name = /^--\s*model:\s*([a-z_][a-z0-9_]*)\s*$/m.exec(text)?.[1];
  const depends = /^--\s*depends:(.*)$/m.exec(text)?.[1];
  if (!name) throw new StreamlensError("invalid-model", `${file}: no '-- model: <table>' line`);
  if (depends === undefined)
    throw new StreamlensError("invalid-model", `${file}: no '-- depends:' line (it may be empty)`);
  const body = text
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .trim()
    .replace(/;\s*$/, "");
  if (!new RegExp(`^(WITH\\b[\\s\\S]*)?INSERT INTO ${name}\\b|^INSERT INTO ${name}\\b`, "i").test(body)) {
    throw new StreamlensError("invalid-model", `${file}: the SQL must be one INSERT INTO ${name} … SELECT`);
  }
  return {
    name,
    depends: depends
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean),
    sql: body,
  };
}

/** Dependency order (each model after the rollups it reads); unknown names and cycles are errors. */
export function orderRollups(models: Rollup[]): Rollup[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Rollup[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (model: Rollup, path: string[]) => {
    if (state.get(model.name) === "done") return;
    if (state.get(model.name) === "visiting") {
      throw new StreamlensError(
        "invalid-model",
        `models depend on each other in a cycle: ${[...path, model.name].join(" → ")}`,
      );
    }
    state.set(model.name, "visiting");
    for (const dependency of model.depends) {
      const target = byName.get(dependency);
      if (!target)
        throw new StreamlensError(
          "invalid-model",
          `model ${model.name} depends on ${dependency}, which is not a model`,
        );
      visit(target, [...path, model.name]);
    }
    state.set(model.name, "done");
    ordered.push(model);
  };
  for (const model of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(model, []);
  return ordered;
}
