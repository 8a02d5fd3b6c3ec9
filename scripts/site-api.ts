// `bun run site:api`: writes the site's API types (site/src/api/schema.d.ts) from the API's own
// OpenAPI document, so the site's client cannot drift from the routes. `--check` only compares
// and exits 1 when the checked-in file is stale (a test runs the same comparison).
import { readFileSync, writeFileSync } from "node:fs";
import { generateApiTypes, SITE_API_TYPES } from "./site/api-types.ts";

const check = Bun.argv.includes("--check");
const generated = await generateApiTypes();
const current = readFileSync(SITE_API_TYPES, "utf8");
if (check) {
  if (current !== generated) {
    console.error("site:api: site/src/api/schema.d.ts is stale; run `bun run site:api`");
    process.exit(1);
  }
  console.log("site:api: the site's API types match /openapi.json");
} else {
  writeFileSync(SITE_API_TYPES, generated);
  console.log("site:api: wrote site/src/api/schema.d.ts");
}
