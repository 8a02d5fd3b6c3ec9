import { join } from "node:path";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { WorkersCronTrigger } from "@cdktf/provider-cloudflare/lib/workers-cron-trigger";
import { WorkersCustomDomain } from "@cdktf/provider-cloudflare/lib/workers-custom-domain";
import { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { Environment } from "../environment.ts";
import { EDGE_BUNDLE, pathFromStack, REPO_ROOT } from "../paths.ts";
import { configureState } from "../state.ts";
import { readWranglerConfig } from "../wrangler-config.ts";

/**
 * The edge: the API Worker with the site as its static assets (one deploy), its secrets, the
 * cron trigger that rebuilds the SQL rollups, and its custom domain. Settings shared with
 * `wrangler dev` come from edge/wrangler.toml; the script is the single-module bundle that
 * `bun run edge:bundle` writes.
 */
export class EdgeStack extends TerraformStack {
  readonly worker: WorkersScript;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id);
    configureState(this, env, id);
    const wrangler = readWranglerConfig();

    const apiToken = new TerraformVariable(this, "cloudflare_api_token", {
      type: "string",
      sensitive: true,
      description:
        "Cloudflare API token with Workers Scripts (and, with a hostname, Workers Routes) edit rights",
    });
    const accountId = new TerraformVariable(this, "cloudflare_account_id", {
      type: "string",
      description: "the Cloudflare account that owns the Worker",
    });
    const databaseUrl = new TerraformVariable(this, "database_url", {
      type: "string",
      sensitive: true,
      description: "postgres:// connection string of the Neon database (becomes the DATABASE_URL secret)",
    });
    const adminToken = new TerraformVariable(this, "admin_token", {
      type: "string",
      sensitive: true,
      description: "bearer token of the admin routes (32+ random bytes; becomes the ADMIN_TOKEN secret)",
    });
    new CloudflareProvider(this, "cloudflare", { apiToken: apiToken.stringValue });

    const bundle = pathFromStack(id, EDGE_BUNDLE);
    this.worker = new WorkersScript(this, "worker", {
      accountId: accountId.stringValue,
      scriptName: env.edge.workerName,
      mainModule: "worker.js",
      contentFile: bundle,
      // Evaluated by Terraform at plan time: a new bundle is a new deploy.
      contentSha256: Fn.filesha256(bundle),
      compatibilityDate: wrangler.compatibility_date,
      compatibilityFlags: wrangler.compatibility_flags,
      observability: { enabled: true },
      assets: {
        directory: pathFromStack(id, join(REPO_ROOT, "edge", wrangler.assets.directory)),
        config: { notFoundHandling: wrangler.assets.not_found_handling },
      },
      bindings: [
        { type: "assets", name: wrangler.assets.binding },
        { type: "plain_text", name: "ALLOWED_ORIGINS", text: env.edge.allowedOrigins.join(",") },
        { type: "plain_text", name: "STREAMLENS_LOOKBACK_DAYS", text: String(env.edge.lookbackDays) },
        { type: "secret_text", name: "DATABASE_URL", text: databaseUrl.stringValue },
        { type: "secret_text", name: "ADMIN_TOKEN", text: adminToken.stringValue },
      ],
    });

    // The provider types `run_worker_first` as a dynamic value (a boolean or a list of rules); its
    // generated binding would turn the list into an object, so the list is written as is.
    this.worker.addOverride("assets.config.run_worker_first", wrangler.assets.run_worker_first);

    new WorkersCronTrigger(this, "models-cron", {
      accountId: accountId.stringValue,
      scriptName: this.worker.scriptName,
      schedules: wrangler.triggers.crons.map((cron) => ({ cron })),
    });

    if (env.edge.hostname) {
      const zoneId = new TerraformVariable(this, "cloudflare_zone_id", {
        type: "string",
        description: `the Cloudflare zone of ${env.edge.hostname}`,
      });
      new WorkersCustomDomain(this, "domain", {
        accountId: accountId.stringValue,
        zoneId: zoneId.stringValue,
        hostname: env.edge.hostname,
        service: this.worker.scriptName,
      });
      new TerraformOutput(this, "url", { value: `https://${env.edge.hostname}` });
    }
  }
}
