import {
  busSettings,
  replaceSettingsTables,
  type SettingsGroup,
  servicePort,
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
    serviceSettings("ingest", servicePort("ingest").env, servicePort("ingest").default),
    serviceSettings("inference", servicePort("inference").env, servicePort("inference").default),
    serviceSettings("analytics", servicePort("analytics").env, servicePort("analytics").default),
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
