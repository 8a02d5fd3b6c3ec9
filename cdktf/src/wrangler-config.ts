import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { EDGE_DIR } from "./paths.ts";

/**
 * The Worker's settings as `edge/wrangler.toml` declares them for `wrangler dev`: the edge stack
 * deploys the same compatibility date, flags, cron, assets routing and variables, so local
 * development and production cannot drift apart.
 */
const wranglerSchema = z.object({
  main: z.string(),
  compatibility_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  compatibility_flags: z.array(z.string()).default([]),
  triggers: z.object({ crons: z.array(z.string()).min(1) }),
  assets: z.object({
    directory: z.string(),
    binding: z.string(),
    not_found_handling: z.string(),
    run_worker_first: z.array(z.string()),
  }),
  ratelimits: z
    .array(
      z.object({
        name: z.string(),
        namespace_id: z.string(),
        simple: z.object({ limit: z.number(), period: z.number() }),
      }),
    )
    .default([]),
});
export type WranglerConfig = z.infer<typeof wranglerSchema>;

export function readWranglerConfig(file = join(EDGE_DIR, "wrangler.toml")): WranglerConfig {
  return wranglerSchema.parse(Bun.TOML.parse(readFileSync(file, "utf8")));
}
