import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { Resource } from "@cdktf/provider-null/lib/resource";
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { Environment } from "../environment.ts";
import { pathFromStack, REPO_ROOT } from "../paths.ts";
import { configureState } from "../state.ts";

export const MIGRATIONS_DIR = join(REPO_ROOT, "analytics", "drizzle");

/** One hash over every migration file: a new or changed migration re-runs the migrate step. */
export function migrationsDigest(dir = MIGRATIONS_DIR): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    if (!file.endsWith(".sql") && !file.endsWith(".json")) continue;
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(dir, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

/**
 * The database: Neon has no prebuilt cdktf provider on npm, so the project and branch are made in
 * Neon's console (or its own Terraform provider, outside this app) and the connection string is a
 * sensitive input. The deploy applies the drizzle migrations with `bun run db:migrate` whenever
 * they change, so nobody runs them by hand and the edge never meets an older schema.
 */
export class DatabaseStack extends TerraformStack {
  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id);
    configureState(this, env, id);
    const databaseUrl = new TerraformVariable(this, "database_url", {
      type: "string",
      sensitive: true,
      description: "postgres:// connection string of the Neon database (pooled or direct)",
    });
    new NullProvider(this, "null");
    new Resource(this, "migrations", {
      triggers: { migrations: migrationsDigest() },
      provisioners: [
        {
          type: "local-exec",
          command: "bun run db:migrate",
          workingDir: pathFromStack(id, REPO_ROOT),
          // Passed in the environment, never on the command line: Terraform hides sensitive values there.
          environment: { DATABASE_URL: databaseUrl.stringValue },
        },
      ],
    });
  }
}
