// Public surface of @streamlens/site for the parts that serve it: where the build is, and a
// helper that builds it when it is missing or older than its sources.
export { ensureSiteBuilt, SITE_DIR, SITE_DIST, siteFingerprint } from "./build/ensure-built.ts";
