import { z } from "zod";

const namePart = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, '_', '.', '-' (max 64)");

export const topicsConfigSchema = z.object({
  tenant: namePart.default("streamlens"),
  namespace: namePart.default("video"),
});

export type TopicsConfig = z.infer<typeof topicsConfigSchema>;

export interface Topics {
  frames: string;
  detections: string;
  snapshots: string;
}

/** The topics every part uses (frames, detections, snapshots), under a configurable tenant/namespace. */
export function topicNames(config: TopicsConfig): Topics {
  const base = `persistent://${config.tenant}/${config.namespace}`;
  return {
    frames: `${base}/frames`,
    detections: `${base}/detections`,
    snapshots: `${base}/snapshots`,
  };
}

/** Pulsar's default dead-letter topic name for a subscription. */
export function deadLetterTopic(topic: string, subscription: string): string {
  return `${topic}-${subscription}-DLQ`;
}

/**
 * The subscriptions of the parts: the pool's shared one on frames, analytics' on detections and
 * snapshots. Each producer creates its consumers' subscription up front, so nothing is lost
 * before they subscribe.
 */
export const SUBSCRIPTIONS = {
  inference: "inference",
  analytics: "analytics",
  snapshots: "snapshots",
} as const;
