import { definedOnly } from "@streamlens/core";

/** The command-line flags of analytics settings, shared by `bun run analytics` and `bun run pipeline`. */
export const ANALYTICS_FLAGS = {
  window: { type: "string" },
} as const;

export const ANALYTICS_FLAGS_USAGE = "  --window S           statistics window in seconds (default 60)";

/** Flag values as analytics settings (validated by analyticsConfigSchema). */
export function analyticsFlagSettings(values: Partial<Record<keyof typeof ANALYTICS_FLAGS, string>>) {
  return definedOnly({ windowSeconds: values.window });
}
