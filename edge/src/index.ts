// Public surface of @streamlens/edge: the Hono app (for tests and embedding) and its types.
export { type App, type AppOptions, createApp, lookbackDays } from "./app.ts";
export type { AppEnv, Bindings } from "./env.ts";
