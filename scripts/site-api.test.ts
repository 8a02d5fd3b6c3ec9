import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { generateApiTypes, SITE_API_TYPES } from "./site/api-types.ts";

describe("the site's API client", () => {
  // A route or schema change that the site's types do not follow fails here; the site's
  // typecheck (tsc -p site) then shows every call it breaks.
  test("its types are generated from the API's current OpenAPI document (run `bun run site:api`)", async () => {
    expect(readFileSync(SITE_API_TYPES, "utf8")).toBe(await generateApiTypes());
  });
});
