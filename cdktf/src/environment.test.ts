import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Environment, listEnvironments, loadEnvironment } from "./environment.ts";
import { copyEnvironments } from "./testing.ts";

test("the committed environments are valid", () => {
  expect(listEnvironments()).toEqual(["production", "staging"]);
  for (const name of listEnvironments()) expect(loadEnvironment(name).name).toBe(name);
});

test("a wrong environment file is refused, naming the file and the field", () => {
  const dir = copyEnvironments();
  const file = join(dir, "staging.json");
  const edit = (change: (env: Environment & { edge: Record<string, unknown> }) => void) => {
    const env = JSON.parse(readFileSync(join(copyEnvironments(), "staging.json"), "utf8"));
    change(env);
    writeFileSync(file, JSON.stringify(env));
  };
  const refusal = () => {
    try {
      loadEnvironment("staging", dir);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("it loaded");
  };
  edit((env) => {
    env.pool.size = { min: 3, max: 2, desired: 2 };
  });
  expect(refusal()).toBe(
    'environment "staging" (staging.json): pool.size.min: min (3) is greater than max (2)',
  );
  edit((env) => {
    env.pool.size = { ...env.pool.size, desired: 1.5 };
  });
  expect(refusal()).toBe(
    'environment "staging" (staging.json): pool.size.desired: desired must be an integer',
  );
  edit((env) => {
    env.bus.brokers = 0;
    env.aws.region = "mars";
  });
  expect(refusal()).toContain("aws.region: an AWS region such as us-east-1");
  expect(refusal()).toContain("bus.brokers: brokers must be at least 1");
  edit((env) => {
    env.edge.adminToken = "oops";
  });
  // Secrets have no place in the file: unknown keys are refused, not ignored.
  expect(refusal()).toContain('edge: Unrecognized key: "adminToken"');
  writeFileSync(file, "{");
  expect(refusal()).toMatch(/^environment "staging": staging.json is not valid JSON/);
  expect(() => loadEnvironment("../etc/passwd", dir)).toThrow(
    'environment "../etc/passwd": not a valid name',
  );
});
