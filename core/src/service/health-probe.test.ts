import { describe, expect, test } from "bun:test";
import { healthUrl } from "./health-probe.ts";

describe("healthUrl", () => {
  test("each service's default port, its variable, and HOST as the service reads them", () => {
    expect(healthUrl("ingest", {})).toBe("http://127.0.0.1:9101/health");
    expect(healthUrl("inference", {})).toBe("http://127.0.0.1:9102/health");
    expect(healthUrl("analytics", { STREAMLENS_ANALYTICS_PORT: " 9200 " })).toBe(
      "http://127.0.0.1:9200/health",
    );
    expect(healthUrl("ingest", { HOST: "::" })).toBe("http://127.0.0.1:9101/health");
    expect(healthUrl("ingest", { HOST: "::1" })).toBe("http://[::1]:9101/health");
    expect(healthUrl("ingest", { HOST: "10.0.0.5" })).toBe("http://10.0.0.5:9101/health");
    expect(() => healthUrl("ingest", { STREAMLENS_INGEST_PORT: "0" })).toThrow(/port is 0/);
  });
});
