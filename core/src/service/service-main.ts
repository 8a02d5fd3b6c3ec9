import { type BusConfig, busSettings, connectPulsar } from "../bus/bus-config.ts";
import type { PulsarBus } from "../bus/pulsar/pulsar-bus.ts";
import { parseCommandLine } from "../command-line.ts";
import { type Topics, topicNames } from "../contracts/topics.ts";
import { createLogger, type Logger } from "../logger.ts";
import { commandUsage, flagOptions } from "../settings/command-line.ts";
import { serviceSettings } from "../settings/common.ts";
import { type GroupsConfig, loadSettingsGroups } from "../settings/read-settings.ts";
import type { Env, SettingsGroup } from "../settings/setting.ts";
import { createMetricsRegistry, type MetricsRegistry } from "./metrics.ts";
import { runService, settingsOrExit } from "./run-service.ts";
import { type HealthReport, startServiceHttp } from "./service-http.ts";

/** A stage as a service runs it. */
export interface ServiceStage {
  /** Whether it can take work, and what /health shows of it. */
  health(): HealthReport;
  /** Works until the signal aborts, or until its work is done (file sources that ended). */
  run(signal: AbortSignal): Promise<void>;
  /** Finishes what it holds (acks, writes) and lets go of what it opened. */
  close(): Promise<void>;
}

export interface ServiceContext<G extends Record<string, SettingsGroup>> {
  config: GroupsConfig<G> & { bus: BusConfig };
  positionals: string[];
  bus: PulsarBus;
  topics: Topics;
  logger: Logger;
  /** The service's Prometheus metrics, served on /metrics. */
  metrics: MetricsRegistry;
  signal: AbortSignal;
}

export interface ServiceOptions<G extends Record<string, SettingsGroup>> {
  /** The part: its name in logs and metrics, and `bun run <name>`. */
  name: string;
  /** The port of /health and /metrics: its variable and default. */
  port: { env: string; default: number };
  /** What the service does, for --help. */
  about: string;
  /** The settings groups it reads besides the service's own and the bus's, by config key. */
  settings: G;
  /** `[source...]` when it takes arguments. */
  positionals?: string;
  argv: string[];
  env: Env;
  /** Checks across settings that a schema cannot see, before anything starts. */
  check?: (config: GroupsConfig<G>, positionals: string[]) => void;
  /** Builds the stage once connected to the broker. */
  start(context: ServiceContext<G>): Promise<ServiceStage>;
}

/**
 * Everything a long-lived service does besides its stage, in one place: flags, settings and
 * --help from the declarations, the logger, /health and /metrics, the broker connection, and
 * SIGTERM/SIGINT stopping it cleanly (exit 0; configuration errors exit 2).
 */
export async function serviceMain<G extends Record<string, SettingsGroup>>(
  options: ServiceOptions<G>,
): Promise<never> {
  const { name } = options;
  const service = serviceSettings(name, options.port.env, options.port.default);
  const groups = { ...options.settings, bus: busSettings, service };
  // The options come first: the logger's level is one of them, and a mistake in them exits 2
  // with one line, before anything starts.
  const loaded = settingsOrExit(name, () => {
    const { values, positionals } = parseCommandLine(options.argv, flagOptions(...Object.values(groups)), {
      command: `bun run ${name}`,
      positionals: options.positionals !== undefined,
    });
    if (values.help) return { help: true as const };
    const config = loadSettingsGroups(
      groups,
      { env: options.env, flags: values },
      `${name} service configuration`,
    );
    options.check?.(config, positionals);
    return { help: false as const, config, positionals };
  });
  if (loaded.help) {
    const synopsis = `bun run ${name}${options.positionals ? ` ${options.positionals}` : ""} [options]`;
    const usage = commandUsage({ synopsis, about: options.about, groups: Object.values(groups) });
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const { config, positionals } = loaded;
  const logger = createLogger({ level: config.service.logLevel, name });
  return runService(name, logger, async (signal) => {
    const metrics = createMetricsRegistry(name);
    let bus: PulsarBus | undefined;
    let stage: ServiceStage | undefined;
    const http = startServiceHttp({
      port: config.service.port,
      hostname: config.service.host,
      metrics,
      logger,
      // 503 until the stage runs, and while any session to the broker is down.
      health: () => {
        const connected = bus?.connected === true;
        const report = stage?.health() ?? { ok: false };
        return { ...report, ok: report.ok && connected, connected };
      },
    });
    try {
      bus = await connectPulsar(config.bus, logger, signal);
      const topics = topicNames(config.bus);
      stage = await options.start({ config, positionals, bus, topics, logger, metrics, signal });
      await stage.run(signal);
      await stage.close();
      await bus.close();
    } finally {
      await http.stop();
    }
  });
}
