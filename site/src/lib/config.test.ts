import { describe, expect, test } from "bun:test";
import { apiBase, parseApiBase, saveApiBase } from "./config";

describe("the API base", () => {
  test("accepts same-origin and http(s) URLs, normalised", () => {
    expect(parseApiBase("")).toEqual({ ok: true, base: "" });
    expect(parseApiBase(" https://api.example.com/ ")).toEqual({ ok: true, base: "https://api.example.com" });
    expect(parseApiBase("http://127.0.0.1:8787/streamlens//")).toEqual({
      ok: true,
      base: "http://127.0.0.1:8787/streamlens",
    });
  });

  test("refuses what could point the site somewhere odd, saying why", () => {
    expect(parseApiBase("javascript:alert(1)")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("http(s)"),
    });
    expect(parseApiBase("api.example.com")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not a URL"),
    });
    expect(parseApiBase("https://user:pw@api.example.com")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("credentials"),
    });
    expect(parseApiBase("https://api.example.com/?x=1")).toMatchObject({ ok: false });
  });

  test("this browser's override wins over the build's default; a tampered one is ignored", () => {
    expect(apiBase()).toBe("");
    saveApiBase("https://api.example.com");
    expect(apiBase()).toBe("https://api.example.com");
    localStorage.setItem("streamlens:api-base", "javascript:alert(1)");
    expect(apiBase()).toBe("");
    saveApiBase(null);
    expect(apiBase()).toBe("");
  });
});
