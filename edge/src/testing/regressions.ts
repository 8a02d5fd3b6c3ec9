/** base64url of a JSON text, as cursors are written. */
const cursorOf = (json: string) => btoa(json).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

export interface Regression {
  method: "GET" | "POST";
  /** Path and query, already percent-encoded. */
  path: string;
  /** A raw JSON body (admin routes). */
  body?: string;
  /** The parameter the 400 must name. */
  parameter: string;
}

/**
 * Every request that once answered 500 when the API was probed with bad input: each must be a 400 with the
 * JSON error body naming what was wrong. `stream` is an existing stream's id.
 */
export function regressionRequests(stream: string): Regression[] {
  const reads = [
    "/v1/streams",
    `/v1/streams/${stream}`,
    `/v1/streams/${stream}/objects`,
    `/v1/streams/${stream}/timeseries`,
    `/v1/streams/${stream}/stats`,
    "/v1/rankings/objects",
    "/v1/rankings/streams",
  ];
  const get = (path: string, parameter: string): Regression => ({ method: "GET", path, parameter });
  const register = (body: string, parameter: string): Regression => ({
    method: "POST",
    path: "/v1/admin/streams",
    body,
    parameter,
  });
  return [
    ...reads.map((path) => get(`${path}?model=yolox%00nano`, "model")),
    get("/v1/streams?class=per%00son", "class"),
    get(`/v1/streams/${stream}/stats?class=per%00son`, "class"),
    ...["stats", "timeseries"].flatMap((route) =>
      ["from", "to"].flatMap((p) =>
        ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z"].map((date) =>
          get(`/v1/streams/${stream}/${route}?${p}=${date}`, p),
        ),
      ),
    ),
    ...['[1e308,"x"]', '[9007199254740993,"x"]', '[1,"a\\u0000b"]'].map((json) =>
      get(`/v1/streams?cursor=${cursorOf(json)}`, "cursor"),
    ),
    register('{"source":"rtsp://cam/a\\u0000b"}', "source"),
    register('{"source":"rtsp://cam/1","title":"a\\u0000b"}', "title"),
    register('{"source":"rtsp://cam/1","fps":1.4e-45}', "fps"),
    register('{"source":"rtsp://cam/1","fps":1e-46}', "fps"),
    register('{"source":"rtsp://cam/1","fps":1e-30}', "fps"),
  ];
}
