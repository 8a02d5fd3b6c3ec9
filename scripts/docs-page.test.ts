// /docs in real Chromium: the pinned swagger-ui runs under the page's Content-Security-Policy,
// and the browser checks each file against its SRI hash. The machine has no internet, so the
// CDN's files are answered from the npm package `swagger-ui-dist` of the pinned version (what
// jsDelivr serves byte for byte).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "@streamlens/core/testing";
import { bunBindings, createApp, SWAGGER_UI } from "@streamlens/edge";
import type { Browser } from "playwright-core";
import { launchChromium } from "./testing/browser.ts";

const PACKAGE = dirname(Bun.resolveSync("swagger-ui-dist/package.json", join(REPO_ROOT, "edge")));
const file = (name: string) => readFileSync(join(PACKAGE, name));
const sri = (bytes: Buffer) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

let server: ReturnType<typeof Bun.serve>;
let browser: Browser;

beforeAll(async () => {
  // /docs and /openapi.json read no database.
  const app = createApp({
    database: () => {
      throw new Error("no database in this test");
    },
  });
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (r) => app.fetch(r, bunBindings({})) });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

test("the pinned version and hashes are those of the installed swagger-ui-dist", () => {
  const installed = JSON.parse(file("package.json").toString()) as { version: string };
  expect(installed.version).toBe(SWAGGER_UI.version);
  expect(SWAGGER_UI.base).toEndWith(`swagger-ui-dist@${installed.version}`);
  for (const [name, hash] of Object.entries(SWAGGER_UI.files)) expect(sri(file(name))).toBe(hash);
});

/** Loads /docs with the CDN answered locally; `tamper` alters the bundle on the way. */
async function openDocs(tamper: boolean) {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  await page.route(`${SWAGGER_UI.base}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.split("/").at(-1) as string;
    let body = file(name);
    if (tamper && name.endsWith(".js")) body = Buffer.concat([body, Buffer.from("\n;window.tampered=1;")]);
    return route.fulfill({
      body,
      contentType: name.endsWith(".css") ? "text/css" : "text/javascript",
      headers: { "access-control-allow-origin": "*" },
    });
  });
  const response = await page.goto(`http://127.0.0.1:${server.port}/docs`);
  return { page, problems, response };
}

test("/docs renders the API reference under its CSP", async () => {
  const { page, problems, response } = await openDocs(false);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'nonce-");
  await page.locator(".swagger-ui .info .title").getByText("streamlens API").waitFor({ timeout: 20_000 });
  await page.getByText("/v1/streams/{id}/timeseries").first().waitFor();
  expect(problems.filter((p) => /Content.Security.Policy|integrity/i.test(p))).toEqual([]);
  await page.close();
}, 60_000);

test("a CDN file that does not match its hash is refused by the browser", async () => {
  const { page, problems } = await openDocs(true);
  await page.waitForLoadState("load");
  expect(await page.locator(".swagger-ui .info").count()).toBe(0);
  expect(problems.join("\n")).toMatch(/integrity/i);
  await page.close();
}, 60_000);
