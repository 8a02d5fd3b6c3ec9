// `bun run site:build`: builds the site into site/dist (always, even when it looks current).
import { ensureSiteBuilt } from "@streamlens/site";

try {
  const dist = await ensureSiteBuilt({
    env: process.env,
    force: true,
    log: (line) => console.log(`site: ${line}`),
  });
  console.log(`site: ready in ${dist.replace(`${process.cwd()}/`, "")}`);
} catch (error) {
  console.error(`site: ${(error as Error).message}`);
  process.exit(1);
}
