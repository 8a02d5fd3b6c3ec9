import { secureHeaders } from "hono/secure-headers";

/**
 * Security headers on every API response (hono's secureHeaders): no MIME sniffing, no referrer,
 * never framed, and a policy that lets a JSON or JPEG response load nothing. Resources are
 * `cross-origin` so the site on another origin (site:dev, a separate deploy) may show snapshot
 * JPEGs, as CORS already lets it read the JSON. A response that set its own header keeps it
 * (/docs has its own policy).
 */
export const apiSecurityHeaders = secureHeaders({
  overwrite: false,
  crossOriginResourcePolicy: "cross-origin",
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
});
