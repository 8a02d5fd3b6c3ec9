import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { headersFor, readHeadersFile } from "./headers-file.ts";

test("the rules of a _headers file apply by path, in file order", () => {
  const dir = mkdtempSync(join(tmpdir(), "sl-headers-"));
  try {
    const path = join(dir, "_headers");
    writeFileSync(
      path,
      [
        "# comment",
        "/_astro/*",
        "  Cache-Control: public, max-age=31536000, immutable",
        "/*",
        "  X-Frame-Options: DENY",
        "  Content-Security-Policy: frame-ancestors 'none'; base-uri 'self'",
        "/a.b",
        "  X-Exact: yes",
        "",
      ].join("\n"),
    );
    const rules = readHeadersFile(path);
    expect(headersFor(rules, "/_astro/x.js")).toEqual([
      ["Cache-Control", "public, max-age=31536000, immutable"],
      ["X-Frame-Options", "DENY"],
      ["Content-Security-Policy", "frame-ancestors 'none'; base-uri 'self'"],
    ]);
    expect(headersFor(rules, "/status/").map(([name]) => name)).toEqual([
      "X-Frame-Options",
      "Content-Security-Policy",
    ]);
    // `.` is literal: /aXb is not /a.b
    expect(headersFor(rules, "/aXb").some(([name]) => name === "X-Exact")).toBe(false);
    expect(headersFor(rules, "/a.b").some(([name]) => name === "X-Exact")).toBe(true);
    expect(readHeadersFile(join(dir, "missing"))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
