import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../logger.ts";
import { busContract } from "../../testing/bus.contract.ts";
import { sharedTestBroker } from "../../testing/test-broker.ts";
import { normalisePulsarUrl, PulsarBus } from "./pulsar-bus.ts";
import { parseTopicName } from "./topic-name.ts";

busContract("pulsar (WebSocket API, real broker)", async () => {
  const broker = await sharedTestBroker();
  return PulsarBus.connect({ url: broker.webUrl, token: broker.token, logger: silentLogger });
});

describe("topic names and URLs", () => {
  test("topic names are validated before anything is sent", () => {
    expect(parseTopicName("persistent://streamlens/video/frames").path).toBe(
      "persistent/streamlens/video/frames",
    );
    expect(() => parseTopicName("frames")).toThrow(
      /invalid topic name 'frames': expected persistent:\/\/tenant\/namespace\/name/,
    );
    expect(() => parseTopicName("persistent://stream lens/video/frames")).toThrow(/the tenant 'stream lens'/);
    expect(() => parseTopicName("persistent://a/b/c/d")).toThrow(/expected persistent/);
  });

  test("PULSAR_URL takes the web service address as http(s) or ws(s)", () => {
    expect(normalisePulsarUrl("http://10.0.0.1:8080/")).toEqual({
      http: "http://10.0.0.1:8080",
      ws: "ws://10.0.0.1:8080",
    });
    expect(normalisePulsarUrl("wss://pulsar.example.com")).toEqual({
      http: "https://pulsar.example.com",
      ws: "wss://pulsar.example.com",
    });
    expect(() => normalisePulsarUrl("pulsar://127.0.0.1:6650")).toThrow(
      /must be http\(s\):\/\/ or ws\(s\):\/\//,
    );
    expect(() => normalisePulsarUrl("not a url")).toThrow(/is not a URL/);
  });
});
