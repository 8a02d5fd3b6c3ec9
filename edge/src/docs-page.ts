import type { Context } from "hono";
import { html } from "hono/html";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./env.ts";

/**
 * Swagger UI for /docs, pinned: one version from the CDN, each file checked by the browser
 * against its SRI hash (sha384 of the files of the npm package `swagger-ui-dist` of that version;
 * docs-page.test.ts recomputes them from the installed package, so a bump cannot forget them).
 */
export const SWAGGER_UI = {
  version: "5.35.0",
  base: "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0",
  files: {
    "swagger-ui-bundle.js": "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9",
    "swagger-ui.css": "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I",
  },
} as const;

const CDN = "https://cdn.jsdelivr.net";

/**
 * The page's own policy: scripts only from the pinned CDN and the one inline start-up script
 * (by nonce); data only from this origin (the document and "Try it out").
 */
export const docsPolicy = secureHeaders({
  crossOriginResourcePolicy: "same-origin",
  xFrameOptions: "DENY",
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: [NONCE, CDN],
    styleSrc: [CDN, "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: [CDN, "data:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** GET /docs: the API reference page (served after `docsPolicy`, which makes its nonce). */
export function docsPage(c: Context<AppEnv>) {
  const nonce = c.get("secureHeadersNonce") as string;
  const css = `${SWAGGER_UI.base}/swagger-ui.css`;
  const js = `${SWAGGER_UI.base}/swagger-ui-bundle.js`;
  return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>streamlens API</title>
    <link rel="stylesheet" href="${css}" integrity="${SWAGGER_UI.files["swagger-ui.css"]}" crossorigin="anonymous" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${js}" integrity="${SWAGGER_UI.files["swagger-ui-bundle.js"]}" crossorigin="anonymous"></script>
    <script nonce="${nonce}">
      window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
    </script>
  </body>
</html>`);
}
