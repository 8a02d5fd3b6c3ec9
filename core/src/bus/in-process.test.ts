import { expect, test } from "bun:test";
import { busContract } from "../testing/bus.contract.ts";
import { InProcessBus } from "./in-process.ts";

busContract("in-process", async () => new InProcessBus());

test("producers wait while a subscription's backlog is full, then go on", async () => {
  const bus = new InProcessBus({ maxBacklog: 3 });
  const consumer = await bus.subscribe("t", { subscription: "s", type: "Exclusive" });
  const producer = await bus.createProducer("t");
  const payload = new Uint8Array([1]);
  for (let i = 0; i < 3; i += 1) await producer.send({ payload });
  let fourthSent = false;
  const fourth = producer.send({ payload }).then(() => {
    fourthSent = true;
  });
  await Bun.sleep(50);
  expect(fourthSent).toBe(false);
  expect(bus.stats("t").s?.backlog).toBe(3);
  const message = await consumer.receive();
  await consumer.ack(message as never);
  await fourth;
  expect(fourthSent).toBe(true);
  await bus.close();
});

test("a second consumer on an exclusive subscription is refused", async () => {
  const bus = new InProcessBus();
  await bus.subscribe("t", { subscription: "s", type: "Exclusive" });
  await expect(bus.subscribe("t", { subscription: "s", type: "Exclusive" })).rejects.toThrow(
    /already has a consumer/,
  );
  await bus.close();
});

test("drained resolves once everything published is acked", async () => {
  const bus = new InProcessBus();
  const consumer = await bus.subscribe("t", { subscription: "s", type: "Shared" });
  const producer = await bus.createProducer("t");
  await producer.send({ payload: new Uint8Array([1]) });
  let drained = false;
  const done = bus.drained("t").then(() => {
    drained = true;
  });
  await Bun.sleep(30);
  expect(drained).toBe(false);
  await consumer.ack((await consumer.receive()) as never);
  await done;
  expect(drained).toBe(true);
  await bus.close();
});
