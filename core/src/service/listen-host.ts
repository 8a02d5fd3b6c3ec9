import { isIP } from "node:net";
import { z } from "zod";

/** Where local commands listen unless told: this machine only. */
export const LOOPBACK = "127.0.0.1";

/**
 * HOST: the address servers listen on (the API, each service's /health and /metrics).
 * Loopback by default, so nothing is reachable from other machines unless asked for; containers
 * set `0.0.0.0` (or `::`). An IP address, or a host name such as `localhost`.
 */
export const listenHostSchema = z
  .string()
  .trim()
  .refine(
    (host) =>
      isIP(host) !== 0 ||
      /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(host),
    "HOST must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name",
  )
  .default(LOOPBACK);

/** The URL a person can open for a server listening on `host` (a wildcard means this machine). */
export function listenUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return `http://${isIP(shown) === 6 ? `[${shown}]` : shown}:${port}`;
}
