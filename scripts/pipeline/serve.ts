import type { OpenedDatabase } from "@streamlens/analytics";
import { type Bindings, type LocalServer, lookbackDays, serveLocal } from "@streamlens/edge";
import { ensureSiteBuilt } from "@streamlens/site";

/**
 * `--serve`: the API and the dashboard on one port over the run's database, so a person can
 * watch the run and look at its results in a browser. Builds the site first when needed.
 */
export async function startServing(
  options: { host: string; port: number; bindings: Bindings; siteEnv: Record<string, string | undefined> },
  database: OpenedDatabase,
  log: (line: string) => void,
): Promise<LocalServer> {
  lookbackDays(options.bindings); // a bad STREAMLENS_LOOKBACK_DAYS fails here, naming it
  const siteDir = await ensureSiteBuilt({ env: options.siteEnv, log });
  return serveLocal({
    db: database.db,
    bindings: options.bindings,
    hostname: options.host,
    port: options.port,
    siteDir,
  });
}
