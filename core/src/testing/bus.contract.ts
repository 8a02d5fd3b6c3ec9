import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Bus, Consumer, IncomingMessage } from "../bus/types.ts";
import { deadLetterTopic } from "../contracts/topics.ts";

const text = (message: IncomingMessage | undefined) =>
  message ? new TextDecoder().decode(message.payload) : undefined;
const bytes = (value: string) => new TextEncoder().encode(value);

async function receiveAll(consumer: Consumer, count: number, timeoutMs = 10_000) {
  const got: IncomingMessage[] = [];
  while (got.length < count) {
    const message = await consumer.receive({ timeoutMs });
    if (!message) break;
    got.push(message);
    await consumer.ack(message);
  }
  return got;
}

/**
 * The behaviour every Bus adapter must have. Each adapter's test file calls this with a
 * factory; topics get a fresh suffix per test so the suite also runs against a shared broker.
 */
export function busContract(name: string, makeBus: () => Promise<Bus>) {
  describe(`bus contract: ${name}`, () => {
    let bus: Bus;
    let counter = 0;
    const fresh = (label: string) =>
      `persistent://streamlens/test/${label}-${Date.now().toString(36)}-${counter++}`;

    // A real broker may have to start first (a JVM: seconds to a minute).
    beforeAll(async () => {
      bus = await makeBus();
    }, 240_000);
    afterAll(async () => {
      await bus.close();
    });

    test("delivers key, payload and properties in publish order", async () => {
      const topic = fresh("order");
      const consumer = await bus.subscribe(topic, { subscription: "s", type: "Exclusive" });
      const producer = await bus.createProducer(topic);
      for (let i = 0; i < 20; i += 1) {
        await producer.send({ key: "cam-1", payload: bytes(`m${i}`), properties: { seq: `${i}` } });
      }
      const got = await receiveAll(consumer, 20);
      expect(got.map(text)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
      expect(got[3]?.key).toBe("cam-1");
      expect(got[3]?.properties.seq).toBe("3");
      expect(got[0]?.redeliveryCount).toBe(0);
      expect(got[0]?.publishTime).toBeGreaterThan(Date.now() - 60_000);
      await consumer.close();
      await producer.close();
    }, 30_000);

    test("Key_Shared keeps each key on one consumer, in order, and uses both", async () => {
      const topic = fresh("keyshared");
      const options = { subscription: "pool", type: "Key_Shared" as const, receiverQueueSize: 4 };
      const a = await bus.subscribe(topic, options);
      const b = await bus.subscribe(topic, options);
      const producer = await bus.createProducer(topic);
      const keys = Array.from({ length: 12 }, (_, i) => `stream-${i}`);
      for (let round = 0; round < 5; round += 1) {
        for (const key of keys) await producer.send({ key, payload: bytes(`${key}:${round}`) });
      }
      const seen = new Map<string, { consumer: string; rounds: number[] }>();
      const drain = async (consumer: Consumer, label: string) => {
        for (;;) {
          const message = await consumer.receive({ timeoutMs: 1500 });
          if (!message) return;
          const [key, round] = (text(message) as string).split(":") as [string, string];
          const entry = seen.get(key) ?? { consumer: label, rounds: [] };
          expect(entry.consumer).toBe(label);
          entry.rounds.push(Number(round));
          seen.set(key, entry);
          await consumer.ack(message);
        }
      };
      await Promise.all([drain(a, "a"), drain(b, "b")]);
      expect(seen.size).toBe(keys.length);
      for (const entry of seen.values()) expect(entry.rounds).toEqual([0, 1, 2, 3, 4]);
      const owners = new Set([...seen.values()].map((e) => e.consumer));
      expect(owners.size).toBe(2);
      await Promise.all([a.close(), b.close(), producer.close()]);
    }, 30_000);

    test("a negative ack redelivers with a higher redelivery count", async () => {
      const topic = fresh("nack");
      const consumer = await bus.subscribe(topic, {
        subscription: "s",
        type: "Shared",
        negativeAckRedeliveryDelayMs: 100,
      });
      const producer = await bus.createProducer(topic);
      await producer.send({ payload: bytes("again") });
      const first = await consumer.receive({ timeoutMs: 10_000 });
      expect(text(first)).toBe("again");
      consumer.nack(first as IncomingMessage);
      const second = await consumer.receive({ timeoutMs: 10_000 });
      expect(text(second)).toBe("again");
      expect(second?.redeliveryCount).toBe(1);
      await consumer.ack(second as IncomingMessage);
      expect(await consumer.receive({ timeoutMs: 500 })).toBeUndefined();
      await consumer.close();
      await producer.close();
    }, 30_000);

    test("a message nacked past the limit lands in the dead-letter topic", async () => {
      const topic = fresh("poison");
      const consumer = await bus.subscribe(topic, {
        subscription: "worker",
        type: "Shared",
        negativeAckRedeliveryDelayMs: 50,
        deadLetter: { maxRedeliveries: 2 },
      });
      const dlq = await bus.subscribe(deadLetterTopic(topic, "worker"), {
        subscription: "worker-DLQ",
        type: "Shared",
      });
      const producer = await bus.createProducer(topic);
      await producer.send({ key: "k", payload: bytes("poison"), properties: { a: "1" } });
      await producer.send({ key: "k", payload: bytes("fine") });
      const deliveries: number[] = [];
      for (;;) {
        const message = await consumer.receive({ timeoutMs: 1500 });
        if (!message) break;
        if (text(message) === "fine") {
          await consumer.ack(message);
          continue;
        }
        deliveries.push(message.redeliveryCount);
        consumer.nack(message);
      }
      expect(deliveries).toEqual([0, 1, 2]);
      const dead = await dlq.receive({ timeoutMs: 10_000 });
      expect(text(dead)).toBe("poison");
      expect(dead?.properties.a).toBe("1");
      await dlq.ack(dead as IncomingMessage);
      await Promise.all([consumer.close(), dlq.close(), producer.close()]);
    }, 30_000);

    test("messages a closed consumer held go to the remaining consumer", async () => {
      const topic = fresh("handover");
      const options = { subscription: "s", type: "Shared" as const, receiverQueueSize: 2 };
      const first = await bus.subscribe(topic, options);
      const producer = await bus.createProducer(topic);
      for (let i = 0; i < 6; i += 1) await producer.send({ payload: bytes(`m${i}`) });
      const held = await first.receive({ timeoutMs: 10_000 });
      expect(held).toBeDefined();
      const second = await bus.subscribe(topic, options);
      await first.close();
      const got = await receiveAll(second, 6);
      expect(new Set(got.map(text))).toEqual(new Set(["m0", "m1", "m2", "m3", "m4", "m5"]));
      await second.close();
      await producer.close();
    }, 30_000);

    test("receive gives up after its timeout and on abort", async () => {
      const topic = fresh("idle");
      const consumer = await bus.subscribe(topic, { subscription: "s", type: "Exclusive" });
      expect(await consumer.receive({ timeoutMs: 100 })).toBeUndefined();
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      expect(await consumer.receive({ signal: controller.signal })).toBeUndefined();
      await consumer.close();
    }, 30_000);
  });
}
