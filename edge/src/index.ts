// Public surface of @streamlens/edge: the Hono app (for tests and embedding), its types, and the
// local server (Bun) that serves it with the built site.
export { API_PATHS, isApiPath } from "./api-paths.ts";
export { type App, type AppOptions, createApp, lookbackDays } from "./app.ts";
export { type LocalServer, type LocalServerOptions, serveLocal } from "./bun/serve-local.ts";
export { SWAGGER_UI } from "./docs-page.ts";
export { type AppEnv, type Bindings, bunBindings } from "./env.ts";
export { edgeServerSettings, edgeSettings } from "./settings.ts";
