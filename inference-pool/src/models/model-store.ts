import { createHash } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Logger, StreamlensError } from "@streamlens/core";
import type { ModelSpec } from "./spec.ts";

export interface ModelStoreOptions {
  /** Folders searched in order for the model file (STREAMLENS_DETECTOR_DIR, a path list). */
  dirs: string[];
  /** Where downloads go: the first of `dirs`. */
  fetchImpl?: typeof fetch;
  logger: Logger;
  /** How long a download may take. */
  downloadTimeoutMs?: number;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of Bun.file(path).stream()) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * The path of a model's weights, verified against its pinned sha256. Looked up in each folder
 * in turn; downloaded from the spec's URL into the first when absent. A file whose bytes do
 * not match is never used: a stale or tampered model would silently change every count.
 */
export async function ensureModelFile(spec: ModelSpec, options: ModelStoreOptions): Promise<string> {
  for (const dir of options.dirs) {
    const path = join(dir, spec.file);
    if (!(await Bun.file(path).exists())) continue;
    const actual = await sha256Of(path);
    if (actual !== spec.sha256) {
      throw new StreamlensError(
        "sha256-mismatch",
        `model file ${path} has sha256 ${actual}, but ${spec.name}@${spec.version} pins ${spec.sha256}`,
        { hint: "delete the file to download it again, or point STREAMLENS_DETECTOR_DIR at the right copy" },
      );
    }
    return path;
  }
  const target = options.dirs[0];
  if (!target) throw new StreamlensError("models-dir-missing", "no models folder is configured");
  return download(spec, target, options);
}

async function download(spec: ModelSpec, dir: string, options: ModelStoreOptions): Promise<string> {
  const path = join(dir, spec.file);
  const partial = `${path}.${process.pid}.part`;
  const offlineHint = `offline? put ${spec.file} (sha256 ${spec.sha256}) into one of: ${options.dirs.join(", ")} (STREAMLENS_DETECTOR_DIR)`;
  options.logger.info({ model: spec.name, url: spec.url, to: path }, "downloading model");
  await mkdir(dir, { recursive: true });
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(spec.url, {
      signal: AbortSignal.timeout(options.downloadTimeoutMs ?? 120_000),
    });
  } catch (cause) {
    throw new StreamlensError("model-download-failed", `cannot download ${spec.name} from ${spec.url}`, {
      cause,
      hint: offlineHint,
      retryable: true,
    });
  }
  if (!response.ok || !response.body) {
    throw new StreamlensError(
      "model-download-failed",
      `downloading ${spec.url} failed: HTTP ${response.status}`,
      {
        hint: offlineHint,
        retryable: true,
      },
    );
  }
  const hash = createHash("sha256");
  const writer = Bun.file(partial).writer();
  try {
    for await (const chunk of response.body) {
      hash.update(chunk);
      writer.write(chunk);
    }
    await writer.end();
  } catch (cause) {
    await rm(partial, { force: true });
    throw new StreamlensError("model-download-failed", `download of ${spec.url} broke off`, {
      cause,
      retryable: true,
    });
  }
  const actual = hash.digest("hex");
  if (actual !== spec.sha256) {
    await rm(partial, { force: true });
    throw new StreamlensError(
      "sha256-mismatch",
      `downloaded ${spec.url} has sha256 ${actual}, but ${spec.name}@${spec.version} pins ${spec.sha256}`,
      { hint: "the file at the URL changed; the download was discarded" },
    );
  }
  await rename(partial, path);
  return path;
}
