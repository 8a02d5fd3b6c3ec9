// The site in real Chromium, served with the real API (the Bun entry) over PostgreSQL holding a
// real pipeline run of the fixture video and photo: what a visitor sees, does and is told.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { openDatabase } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { fixture, REPO_ROOT, sharedPostgres } from "@streamlens/core/testing";
import { ensureSiteBuilt } from "@streamlens/site";
import type { Browser, Page } from "playwright-core";
import { loadPipelineConfig } from "./pipeline/config.ts";
import { runPipeline } from "./pipeline/run-pipeline.ts";
import { launchChromium } from "./testing/browser.ts";
import { type SiteServer, startSiteServer } from "./testing/site-server.ts";
import { testEnv } from "./testing/test-env.ts";

const VIDEO = "one-by-one-person-detection";
const PHOTO = "bus";
/** Screenshots of every page at phone and desktop widths, for people to look at. */
const ARTIFACTS = join(REPO_ROOT, ".artifacts", "site");
const PAGES = {
  home: "/",
  stream: `/stream/?id=${VIDEO}`,
  "stream-photo": `/stream/?id=${PHOTO}`,
  rankings: "/rankings/",
  status: "/status/",
} as const;
// Callbacks of page.evaluate run in the page, where the DOM exists; this file is typed for Bun
// (no DOM library), so the little it touches there is declared here.
declare const document: {
  querySelector(selector: string): {
    width: number;
    height: number;
    getContext(
      kind: "2d",
    ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
  } | null;
  activeElement: unknown;
};
declare const window: { sameDocument?: boolean };
type Image = { naturalWidth: number };

/** The colour of the stream's top class (person) in the chart and boxes: the palette's first. */
const PERSON_RGB = [0x4e, 0x79, 0xa7];

let databaseUrl: string;
let port: number;
let server: SiteServer | undefined;
let browser: Browser;
const pageErrors: string[] = [];

async function runInto(sources: string[], extra: string[] = []) {
  const config = loadPipelineConfig(
    [...sources, ...extra],
    testEnv({ DATABASE_URL: databaseUrl, DATABASE_DRIVER: "postgres" }),
  );
  if (config.help) throw new Error("unexpected --help");
  return runPipeline(config, { logger: silentLogger });
}

const serve = () => startSiteServer(port, { DATABASE_URL: databaseUrl, STREAMLENS_ROLLUP_INTERVAL_MS: "0" });

async function open(path: string, options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  // A context per page: its own storage (the API override), and what axe-core needs.
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  // Closing the browser (afterAll) may overtake a context still closing: nothing left to do then.
  page.on("close", () => void context.close().catch(() => undefined));
  page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.message}`));
  await page.goto(`${server?.url}${path}`);
  return page;
}

/** Pixels of the chart's canvas in a colour (RGB, within a tolerance): proof that it drew. */
function chartPixels(page: Page, rgb: number[]): Promise<number> {
  return page.evaluate((target) => {
    const canvas = document.querySelector(".uplot canvas");
    const context = canvas?.getContext("2d");
    if (!canvas || !context) return -1;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (
        Math.abs((data[i] ?? 0) - (target[0] ?? 0)) < 12 &&
        Math.abs((data[i + 1] ?? 0) - (target[1] ?? 0)) < 12 &&
        Math.abs((data[i + 2] ?? 0) - (target[2] ?? 0)) < 12
      )
        n += 1;
    }
    return n;
  }, rgb);
}

/** Reads until `ok` holds (the page updates on its own), or fails naming what and the last value. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not on the page yet
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await Bun.sleep(200);
  }
}

beforeAll(async () => {
  const postgres = await sharedPostgres();
  databaseUrl = await postgres.createDatabase(`site_${process.pid}`);
  const migrated = await openDatabase(
    { url: databaseUrl, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  await migrated.close();
  const summary = await runInto([
    fixture("video/one-by-one-person-detection.mp4"),
    fixture("images/bus.jpg"),
  ]);
  expect(summary.processed).toBe(141);
  await ensureSiteBuilt({ env: process.env });
  port = 21_000 + (process.pid % 20_000);
  server = await serve();
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("home", () => {
  test("the grid shows each stream with its status, picture and top objects", async () => {
    const page = await open("/");
    const card = page.locator(`[data-stream-id="${VIDEO}"]`);
    await card.waitFor();
    await expect(
      card.getByRole("list", { name: "Top objects" }).getByText("person", { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(card.getByText("Ended").first().isVisible()).resolves.toBe(true);
    const image = card.getByRole("img", { name: /Latest frame of/ });
    await eventually(
      "the card's picture",
      () => image.evaluate((img) => (img as unknown as Image).naturalWidth),
      (w) => w > 0,
    );
    // Best ranked first: the photo (4 objects in its one frame) before the video.
    const order = await page
      .locator("[data-stream-id]")
      .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-stream-id")));
    expect(order).toEqual([PHOTO, VIDEO]);
    await card.getByRole("link").click();
    await page.waitForURL(`**/stream/?id=${VIDEO}`);
    await page.close();
  }, 30_000);

  test("a search by class, from the keyboard, narrows the grid and lives in the URL", async () => {
    const page = await open("/");
    await page.locator(`[data-stream-id="${VIDEO}"]`).waitFor();
    const input = page.getByRole("combobox", { name: "Find streams showing" });
    await input.focus();
    await page.keyboard.type("bu");
    const option = page.getByRole("option", { name: /bus/ });
    await option.waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/?class=bus");
    await eventually(
      "one card",
      () => page.locator("[data-stream-id]").count(),
      (n) => n === 1,
    );
    await expect(page.locator(`[data-stream-id="${PHOTO}"]`).isVisible()).resolves.toBe(true);
    // The URL is the search: opened anew, it shows the same narrowed grid.
    const shared = await open("/?class=person");
    await eventually(
      "two cards",
      () => shared.locator("[data-stream-id]").count(),
      (n) => n === 2,
    );
    await shared.close();
    await page.close();
  }, 30_000);

  test("a class nobody saw shows the empty state, and one click shows everything again", async () => {
    const page = await open("/");
    await page.locator(`[data-stream-id="${VIDEO}"]`).waitFor();
    await page.getByRole("combobox", { name: "Find streams showing" }).fill("giraffe");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("heading", { name: "No stream has shown “giraffe”" }).waitFor();
    expect(await page.locator("[data-stream-id]").count()).toBe(0);
    await page.getByRole("button", { name: "Show all streams" }).click();
    await eventually(
      "both cards again",
      () => page.locator("[data-stream-id]").count(),
      (n) => n === 2,
    );
    expect(new URL(page.url()).search).toBe("");
    await page.close();
  }, 30_000);
});

describe("stream page", () => {
  test("the chart draws the series with points, and the snapshot its boxes", async () => {
    const page = await open(PAGES.stream);
    await page.getByRole("heading", { level: 1, name: VIDEO }).waitFor();
    await page.locator(".uplot canvas").waitFor();
    await eventually(
      "the person line on the chart",
      () => chartPixels(page, PERSON_RGB),
      (n) => n > 50,
    );
    await expect(page.getByRole("button", { name: /^person/ }).getAttribute("aria-pressed")).resolves.toBe(
      "true",
    );
    const snapshot = page.getByTestId("snapshot");
    await eventually(
      "the snapshot JPEG",
      () => snapshot.getByRole("img").evaluate((img) => (img as unknown as Image).naturalWidth),
      (w) => w === 768,
    );
    expect(await snapshot.locator('[data-box="person"]').count()).toBeGreaterThanOrEqual(1);
    // Facts from ffprobe, and the stream's ranking.
    await expect(page.getByText("768 × 432").isVisible()).resolves.toBe(true);
    await expect(page.getByText("h264", { exact: true }).isVisible()).resolves.toBe(true);
    await page.close();
  }, 30_000);

  test("switching the bucket changes the series; the legend hides a class", async () => {
    const page = await open(PAGES.stream);
    const chart = page.locator("[data-bucket]");
    await chart.waitFor();
    expect(await chart.getAttribute("data-bucket")).toBe("300");
    const rows = () =>
      page
        .locator("[data-bucket] details table tbody th")
        .evaluateAll((cells) => cells.map((c) => c.textContent));
    const fiveMinutes = await rows();
    expect(fiveMinutes).toHaveLength(2); // 16:55 and 17:00
    await page.getByText("1 h", { exact: true }).click();
    await eventually(
      "the hourly series",
      () => chart.getAttribute("data-bucket"),
      (b) => b === "3600",
    );
    await page.waitForURL("**bucket=1h**");
    const hours = await rows();
    expect(hours).toHaveLength(2); // 16:00 and 17:00
    expect(hours).not.toEqual(fiveMinutes);
    await eventually(
      "the person line, hourly",
      () => chartPixels(page, PERSON_RGB),
      (n) => n > 50,
    );
    const person = page.getByRole("button", { name: /^person/ });
    await person.click();
    await expect(person.getAttribute("aria-pressed")).resolves.toBe("false");
    await eventually(
      "the person line hidden",
      () => chartPixels(page, PERSON_RGB),
      (n) => n < 10,
    );
    await page.close();
  }, 30_000);

  test("the photo's snapshot carries the bus and three people (the fourth, cut off at the edge, scores under the default)", async () => {
    const page = await open(PAGES["stream-photo"]);
    const snapshot = page.getByTestId("snapshot");
    await snapshot.waitFor();
    const boxes = await snapshot
      .locator("[data-box]")
      .evaluateAll((all) => all.map((b) => b.getAttribute("data-box")));
    expect(boxes.sort()).toEqual(["bus", "person", "person", "person"]);
    await page.getByLabel("Show boxes").uncheck();
    expect(await snapshot.locator("[data-box]").count()).toBe(0);
    await page.close();
  }, 30_000);

  test("an unknown stream says so instead of failing", async () => {
    const page = await open("/stream/?id=no-such-stream");
    await page.getByRole("heading", { name: "No stream “no-such-stream”" }).waitFor();
    await page.close();
  }, 30_000);
});

describe("rankings and status", () => {
  test("rankings link objects to searches and streams to their pages", async () => {
    const page = await open(PAGES.rankings);
    const objects = page.getByRole("table", { name: /Object classes/ });
    await objects.getByRole("link", { name: "person", exact: true }).waitFor();
    expect(await objects.getByRole("link", { name: "person", exact: true }).getAttribute("href")).toBe(
      "/?class=person",
    );
    const streams = page.getByRole("table", { name: /Streams by mean objects/ });
    expect(await streams.getByRole("link", { name: VIDEO }).getAttribute("href")).toBe(
      `/stream/?id=${VIDEO}`,
    );
    await page.close();
  }, 30_000);

  test("status shows the API, each stream's last frame and the SQL model runs", async () => {
    const page = await open(PAGES.status);
    await eventually(
      "the API up",
      () => page.locator('[data-stat="API"]').textContent(),
      (t) => t === "Up",
    );
    const streams = page.getByRole("table", { name: /Each stream's state/ });
    await streams.getByRole("link", { name: VIDEO }).waitFor();
    const runs = page.getByRole("table", { name: "The latest run of each SQL model" });
    await runs.getByText("video_rankings").waitFor();
    expect(await runs.getByText("ok", { exact: true }).count()).toBe(7);
    await page.close();
  }, 30_000);
});

describe("accessibility and looks", () => {
  for (const [name, path] of Object.entries(PAGES)) {
    test(`${name}: no serious or critical axe violations, light and dark; screenshots`, async () => {
      for (const dark of [false, true]) {
        const page = await open(path, { dark });
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(300);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(serious).toEqual([]);
        for (const [label, width] of [
          ["desktop", 1280],
          ["phone", 390],
        ] as const) {
          await page.setViewportSize({ width, height: label === "phone" ? 844 : 900 });
          await page.waitForTimeout(200);
          await page.screenshot({
            path: join(ARTIFACTS, `${name}-${label}${dark ? "-dark" : ""}.png`),
            fullPage: true,
          });
        }
        await page.close();
      }
    }, 60_000);
  }

  test("keyboard: the first Tab reaches the skip link, and it moves focus to the content", async () => {
    const page = await open("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL("**#main");
    await page.close();
  }, 30_000);
});

describe("live behaviour", () => {
  test("new data appears without a reload", async () => {
    const page = await open("/");
    await page.locator(`[data-stream-id="${VIDEO}"]`).waitFor();
    await page.evaluate(() => {
      window.sameDocument = true;
    });
    // Another source is read into the same database while the page is open.
    await runInto([fixture("images/dog.jpg")], ["--start-time", "2017-09-26T17:01:30Z"]);
    await page.locator('[data-stream-id="dog"]').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => window.sameDocument)).toBe(true);
    await page.close();
  }, 90_000);

  test("a stopped API shows the error state, and the page recovers when it returns", async () => {
    const page = await open(PAGES.stream);
    await page.locator("[data-bucket]").waitFor();
    await server?.stop();
    const alert = page.getByRole("alert").filter({ hasText: "Connection lost" }).first();
    await alert.waitFor({ timeout: 40_000 });
    // The last data stays on screen while the API is away.
    await expect(page.getByTestId("snapshot").isVisible()).resolves.toBe(true);
    server = await serve();
    await alert.waitFor({ state: "detached", timeout: 40_000 });
    await page.close();
    // Pointed (from the Status page) at an API that is not up yet, a page shows the designed
    // error, then the data once that API answers.
    const otherPort = port + 1;
    const status = await open(PAGES.status);
    await status.getByLabel(/Read another API/).fill(`http://127.0.0.1:${otherPort}`);
    await status.getByRole("button", { name: "Use this API" }).click();
    await status.getByText(`http://127.0.0.1:${otherPort}`, { exact: true }).waitFor();
    await status.goto(`${server.url}/`);
    await status
      .getByRole("heading", { name: "Can't reach the streamlens API" })
      .waitFor({ timeout: 30_000 });
    const other = await startSiteServer(otherPort, {
      DATABASE_URL: databaseUrl,
      STREAMLENS_ROLLUP_INTERVAL_MS: "0",
      ALLOWED_ORIGINS: server.url,
    });
    try {
      await status.locator(`[data-stream-id="${VIDEO}"]`).waitFor({ timeout: 30_000 });
    } finally {
      await other.stop();
      await status.close();
    }
  }, 180_000);

  test("no page threw an uncaught error", () => {
    expect(pageErrors).toEqual([]);
  });
});
