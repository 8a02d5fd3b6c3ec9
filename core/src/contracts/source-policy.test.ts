import { describe, expect, test } from "bun:test";
import { parseSourceLocation, redactText, redactUrl, splitSourceId } from "./source.ts";
import {
  blockedAddressReason,
  COMMAND_LINE_SOURCE_POLICY,
  checkSourcePolicy,
  REGISTERED_SOURCE_POLICY,
  sourcePolicyFromEnv,
} from "./source-policy.ts";

const check = (source: string, policy = REGISTERED_SOURCE_POLICY) =>
  checkSourcePolicy(parseSourceLocation(source), policy);

describe("source policy", () => {
  test("public network sources pass; files and internal hosts are refused by default", () => {
    for (const ok of [
      "https://cdn.example.com/live.m3u8",
      "rtsp://cam.example.com/s",
      "ytdlp:https://vimeo.com/1",
    ]) {
      expect(() => check(ok)).not.toThrow();
    }
    expect(() => check("/etc/passwd")).toThrow(/local files are only read from the command line/);
    expect(() => check("http://0x7f000001/")).toThrow(/loopback/);
    expect(() => check("rtsp://017700000001/")).toThrow(/loopback/);
    expect(() => check("http://[::ffff:169.254.169.254]/")).toThrow(/linkLocal/);
    expect(() => check("http://metadata.google.internal/")).toThrow(/internal host/);
  });

  test("the command line and the operator's settings opt in", () => {
    expect(() => check("/etc/passwd", COMMAND_LINE_SOURCE_POLICY)).not.toThrow();
    expect(() =>
      check("http://127.0.0.1:8080/", sourcePolicyFromEnv({ STREAMLENS_ALLOW_PRIVATE_SOURCES: "true" })),
    ).not.toThrow();
    const vlan = sourcePolicyFromEnv({ STREAMLENS_ALLOW_SOURCE_CIDRS: "10.20.0.0/16, fd12::/48" });
    expect(() => check("rtsp://10.20.1.2/s", vlan)).not.toThrow();
    expect(() => check("rtsp://10.21.1.2/s", vlan)).toThrow(/private/);
    expect(() => check("/etc/passwd", vlan)).toThrow(/local files/);
    expect(blockedAddressReason("fd12::5", vlan)).toBeUndefined();
    expect(blockedAddressReason("8.8.8.8", REGISTERED_SOURCE_POLICY)).toBeUndefined();
    expect(() => sourcePolicyFromEnv({ STREAMLENS_ALLOW_PRIVATE_SOURCES: "yes" })).toThrow(
      /STREAMLENS_ALLOW_PRIVATE_SOURCES/,
    );
    expect(() => sourcePolicyFromEnv({ STREAMLENS_ALLOW_SOURCE_CIDRS: "10.0.0.0/99" })).toThrow(
      /STREAMLENS_ALLOW_SOURCE_CIDRS: '10.0.0.0\/99' is not a CIDR/,
    );
  });
});

describe("redaction and id= parsing", () => {
  test("userinfo and secret query parameters are masked; the rest stays", () => {
    expect(redactUrl("rtsp://admin:hunter2@10.0.0.5/s")).toBe("rtsp://***:***@10.0.0.5/s");
    expect(redactUrl("https://cdn.example.com/a.m3u8?token=t1&api_key=k&X-Amz-Credential=c&q=1")).toBe(
      "https://cdn.example.com/a.m3u8?token=***&api_key=***&X-Amz-Credential=***&q=1",
    );
    expect(redactUrl("ytdlp:https://u:p@example.com/v?sig=s")).toBe(
      "ytdlp:https://***:***@example.com/v?sig=***",
    );
    expect(redactText("open rtsp://a:b@h/s?password=x failed")).toBe(
      "open rtsp://***@h/s?password=*** failed",
    );
    expect(parseSourceLocation("https://example.com/v.m3u8?access_token=zz").label).not.toContain("zz");
  });

  test("file labels are the file name only", () => {
    expect(parseSourceLocation("/srv/videos/lobby.mp4").label).toBe("lobby.mp4");
  });

  test("id= is split off once, for the API and the command line alike", () => {
    expect(splitSourceId("cam=rtsp://admin:pw@h/s")).toEqual({ id: "cam", source: "rtsp://admin:pw@h/s" });
    expect(splitSourceId("https://h/x?a=b")).toEqual({ source: "https://h/x?a=b" });
  });
});
