import { z } from "zod";
import { logLevelSchema } from "../log-levels.ts";
import { listenHostSchema } from "../service/listen-host.ts";
import { defineSetting, defineSettings } from "./setting.ts";

const portSchema = z.coerce.number().int().min(0).max(65_535);

/** HOST / --host: where every server of streamlens listens (loopback unless told). */
export const hostSetting = defineSetting({
  env: "HOST",
  flag: "host",
  arg: "ADDR",
  description: "address to listen on; 0.0.0.0 or :: is reachable from other machines",
  schema: listenHostSchema,
});

/** The port a server listens on: each service has its own variable and default. */
export function portSetting(env: string, port: number, description: string) {
  return defineSetting({
    env,
    flag: "port",
    arg: "N",
    description: `${description}; 0 picks a free one`,
    schema: portSchema.default(port),
  });
}

/** STREAMLENS_LOG_LEVEL / --log-level, with the command's own default. */
export function logLevelSetting(fallback: "info" | "warn") {
  return defineSetting({
    env: "STREAMLENS_LOG_LEVEL",
    flag: "log-level",
    arg: "LEVEL",
    description: `${logLevelSchema.options.join(", ")}; JSON lines on stderr`,
    schema: logLevelSchema.default(fallback),
  });
}

/**
 * What every long-lived service takes besides its part's settings: the port and address of its
 * /health and /metrics, and how much it logs.
 */
export function serviceSettings(part: string, portEnv: string, port: number) {
  return defineSettings(`${part} service`, {
    port: portSetting(portEnv, port, "port of /health and /metrics"),
    host: hostSetting,
    logLevel: logLevelSetting("info"),
  });
}
