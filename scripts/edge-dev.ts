// `bun run edge:dev`: the Worker in workerd through wrangler dev, with the site as its static
// assets (Node >= 22, from npm when the system's is older), on PORT (8787), with DATABASE_URL,
// ADMIN_TOKEN and ALLOWED_ORIGINS from the environment. A local PostgreSQL is reached the way Neon's local-development setup does it:
// through a WebSocket-to-TCP proxy started here.
import { parseDatabaseUrl } from "@streamlens/analytics";
import { listenHostSchema, parseConfig } from "@streamlens/core";
import { startNeonWsProxy } from "@streamlens/core/testing";
import { wranglerCommand } from "@streamlens/edge/testing";
import { ensureSiteBuilt } from "@streamlens/site";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "edge:dev: set DATABASE_URL (postgres://…): the Worker reads PostgreSQL through Neon's driver",
  );
  process.exit(2);
}
// The Worker serves the built site as its static assets: build it when missing or stale.
await ensureSiteBuilt({ env: process.env, log: (line) => console.log(`edge:dev: ${line}`) });
const host = parseConfig(listenHostSchema, process.env.HOST || undefined, "HOST");
const { url: parsed } = parseDatabaseUrl(url);
const proxy = parsed.hostname.endsWith(".neon.tech") ? undefined : startNeonWsProxy();
const vars: Record<string, string | undefined> = {
  DATABASE_URL: url,
  ADMIN_TOKEN: process.env.ADMIN_TOKEN,
  ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS,
  NEON_WS_PROXY: proxy?.address,
};
const args = [
  ...wranglerCommand(),
  "dev",
  "--config",
  "edge/wrangler.toml",
  "--ip",
  host,
  "--port",
  process.env.PORT ?? "8787",
  "--test-scheduled",
  ...Object.entries(vars).flatMap(([k, v]) => (v ? ["--var", `${k}:${v}`] : [])),
];
const child = Bun.spawn(args, {
  stdio: ["inherit", "inherit", "inherit"],
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
const code = await child.exited;
proxy?.stop();
process.exit(code);
