import { existsSync } from "node:fs";
import { parseConfig, StreamlensError } from "@streamlens/core";
import { BUILTIN_MODELS } from "./catalog.ts";
import { type ModelSpec, modelRef, modelSpecSchema } from "./spec.ts";

/**
 * `--model` takes a built-in name (`yolox-nano`, or `name@version`) or the path of a JSON file
 * holding a model spec, which is validated like any other input.
 */
export async function resolveModelSpec(nameOrPath: string): Promise<ModelSpec> {
  const builtin = BUILTIN_MODELS.find((m) => m.name === nameOrPath || modelRef(m) === nameOrPath);
  if (builtin) return builtin;
  if (nameOrPath.endsWith(".json") && existsSync(nameOrPath)) {
    let json: unknown;
    try {
      json = await Bun.file(nameOrPath).json();
    } catch (cause) {
      throw new StreamlensError("invalid-model-spec", `model spec ${nameOrPath} is not valid JSON`, {
        cause,
      });
    }
    return parseConfig(modelSpecSchema, json, `model spec ${nameOrPath}`);
  }
  throw new StreamlensError("unknown-model", `unknown model '${nameOrPath}'`, {
    hint: `use one of ${BUILTIN_MODELS.map((m) => m.name).join(", ")}, or the path of a model spec .json file`,
  });
}
