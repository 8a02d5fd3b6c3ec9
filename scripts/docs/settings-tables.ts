import {
  busSettings,
  replaceSettingsTables,
  type SettingsGroup,
  serviceSettings,
  settingsTable,
  sourcePolicySettings,
} from "@streamlens/core";
import { edgeServerSettings, edgeSettings } from "@streamlens/edge";
import { ingestServiceSettings } from "@streamlens/ingest";
import { PIPELINE_GROUPS } from "../pipeline/config.ts";

/** The README's settings tables, by the name in their markers, and the groups each lists. */
export const SETTINGS_TABLES: Record<string, SettingsGroup[]> = {
  pipeline: [...PIPELINE_GROUPS],
  services: [
    serviceSettings("ingest", "STREAMLENS_INGEST_PORT", 9101),
    serviceSettings("inference", "STREAMLENS_INFERENCE_PORT", 9102),
    serviceSettings("analytics", "STREAMLENS_ANALYTICS_PORT", 9103),
    busSettings,
    ingestServiceSettings,
    sourcePolicySettings,
  ],
  edge: [edgeSettings, edgeServerSettings],
};

/** The document with every settings table between its markers rewritten from the declarations. */
export function withSettingsTables(document: string): string {
  return replaceSettingsTables(
    document,
    Object.fromEntries(
      Object.entries(SETTINGS_TABLES).map(([name, groups]) => [name, settingsTable(...groups)]),
    ),
  );
}
