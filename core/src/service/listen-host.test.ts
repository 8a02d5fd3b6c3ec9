import { expect, test } from "bun:test";
import { LOOPBACK, listenHostSchema, listenUrl } from "./listen-host.ts";

test("HOST: loopback by default; addresses and host names accepted, anything else refused", () => {
  expect(listenHostSchema.parse(undefined)).toBe(LOOPBACK);
  for (const host of ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "api.internal", "10.0.0.5"])
    expect(listenHostSchema.parse(host)).toBe(host);
  for (const host of ["", "http://0.0.0.0", "0.0.0.0:8787", "a b", "-x", "host/"])
    expect(listenHostSchema.safeParse(host).success).toBe(false);
});

test("the URL shown for a wildcard address is this machine's", () => {
  expect(listenUrl("0.0.0.0", 8787)).toBe("http://localhost:8787");
  expect(listenUrl("::1", 80)).toBe("http://[::1]:80");
  expect(listenUrl("127.0.0.1", 9101)).toBe("http://127.0.0.1:9101");
});
