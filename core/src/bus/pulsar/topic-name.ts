import { StreamlensError } from "../../errors.ts";

const PART = /^[A-Za-z0-9_.=:-]{1,128}$/;
const LOCAL = /^[A-Za-z0-9_.=:-]{1,200}$/;

export interface TopicName {
  domain: "persistent" | "non-persistent";
  tenant: string;
  namespace: string;
  local: string;
  /** `persistent/tenant/namespace/local`: the form REST and WebSocket paths use. */
  path: string;
}

/** Parses and validates `persistent://tenant/namespace/topic`, naming what is wrong. */
export function parseTopicName(topic: string): TopicName {
  const match = /^(persistent|non-persistent):\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(topic);
  const bad = (why: string) =>
    new StreamlensError("invalid-topic", `invalid topic name '${topic}': ${why}`, {
      hint: "topics look like persistent://tenant/namespace/name, with letters, digits, '_', '.', '-', '=' or ':'",
    });
  if (!match) throw bad("expected persistent://tenant/namespace/name");
  const [, domain, tenant, namespace, local] = match as unknown as [
    string,
    TopicName["domain"],
    string,
    string,
    string,
  ];
  if (!PART.test(tenant)) throw bad(`the tenant '${tenant}' has characters Pulsar does not allow`);
  if (!PART.test(namespace)) throw bad(`the namespace '${namespace}' has characters Pulsar does not allow`);
  if (!LOCAL.test(local)) throw bad(`the name '${local}' has characters Pulsar does not allow`);
  return { domain, tenant, namespace, local, path: `${domain}/${tenant}/${namespace}/${local}` };
}

const SUBSCRIPTION = /^[A-Za-z0-9_.-]{1,128}$/;

export function validateSubscription(name: string): string {
  if (!SUBSCRIPTION.test(name)) {
    throw new StreamlensError("invalid-subscription", `invalid subscription name '${name}'`, {
      hint: "use letters, digits, '_', '.', '-'",
    });
  }
  return name;
}
