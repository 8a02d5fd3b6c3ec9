import { loadPipelineConfig } from "../pipeline/config.ts";

/**
 * The embedded pipeline's settings for a run the services' results are compared with: frames as
 * JPEGs, as the services send them over Pulsar (the embedded pipeline hands raw pixels over by
 * default, and JPEG's loss moves a few near-threshold scores), so only the transport differs.
 */
export function referenceRunConfig(argv: string[], env: Record<string, string | undefined>) {
  const config = loadPipelineConfig(argv, env);
  if (config.help) throw new Error("unexpected --help");
  return { ...config, ingest: { ...config.ingest, frameFormat: "jpeg" as const } };
}
