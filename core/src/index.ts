// Public surface of @streamlens/core: what several parts share, and nothing else. What also runs
// in a Worker (contracts, errors, config helpers, backoff) lives in ./contracts.ts and is
// re-exported here; the rest needs Bun or Node.

export { type BusConfig, busSettings, connectPulsar } from "./bus/bus-config.ts";
export { InProcessBus, type InProcessBusOptions, type SubscriptionStats } from "./bus/in-process.ts";
export { PulsarAdmin, type SubscriptionBacklog, type TopicStats } from "./bus/pulsar/admin.ts";
export { normalisePulsarUrl, PulsarBus, type PulsarBusOptions } from "./bus/pulsar/pulsar-bus.ts";
export { parseTopicName, type TopicName } from "./bus/pulsar/topic-name.ts";
export type {
  Bus,
  Consumer,
  ConsumerOptions,
  DeadLetterPolicy,
  IncomingMessage,
  OutgoingMessage,
  Producer,
  ReceiveOptions,
  SubscriptionType,
} from "./bus/types.ts";
export { parseCommandLine } from "./command-line.ts";
export { decodeFrame, encodeFrame } from "./contracts/frame.ts";
export { decodeSnapshot, encodeSnapshot } from "./contracts/snapshot.ts";
export { deadLetterTopic } from "./contracts/topics.ts";
export * from "./contracts.ts";
export { createLogger, type Logger, silentLogger } from "./logger.ts";
export { userCacheDir } from "./paths.ts";
export {
  checkHealth,
  HEALTHCHECK_TIMEOUT_MS,
  type HealthcheckResult,
  healthUrl,
} from "./service/health-probe.ts";
export { LOOPBACK, listenHostSchema, listenUrl } from "./service/listen-host.ts";
export { counterFrom, createMetricsRegistry, gaugeFrom, type MetricsRegistry } from "./service/metrics.ts";
export { runService, settingsOrExit } from "./service/run-service.ts";
export { type HealthReport, type ServiceHttp, startServiceHttp } from "./service/service-http.ts";
export {
  type ServiceContext,
  type ServiceOptions,
  type ServiceStage,
  serviceMain,
} from "./service/service-main.ts";
export {
  SERVICE_PORT_SETTINGS,
  type ServiceName,
  serviceNameSchema,
  servicePort,
  servicePortFromEnv,
  servicePortSchema,
} from "./service/service-ports.ts";
export { hostSetting, logLevelSetting, portSetting, serviceSettings } from "./settings/common.ts";
