/// <reference types="astro/client" />

interface ImportMetaEnv {
  /** The API's base URL baked into the build; empty: the site's own origin. */
  readonly PUBLIC_API_BASE?: string;
  /** How often data refreshes, in milliseconds. */
  readonly PUBLIC_REFRESH_MS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
