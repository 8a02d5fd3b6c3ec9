import ipaddr from "ipaddr.js";
import { z } from "zod";
import { StreamlensError } from "../errors.ts";
import { defineSetting, defineSettings } from "../settings/setting.ts";
import type { SourceLocation } from "./source.ts";

/**
 * Which sources a registered stream may name. Registered sources come from the network (the
 * admin API, the registry); only the command line (an explicit local user) opens local files.
 */
export interface SourcePolicy {
  /** Local files: the command line only. */
  allowLocalFiles: boolean;
  /** Loopback, private, link-local, metadata, multicast… addresses (operator opt-in, tests). */
  allowPrivateAddresses: boolean;
  /** Internal ranges allowed one by one (e.g. a camera VLAN), as parsed CIDRs. */
  allowCidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** What the admin API and the registry accept unless the operator says otherwise. */
export const REGISTERED_SOURCE_POLICY: SourcePolicy = {
  allowLocalFiles: false,
  allowPrivateAddresses: false,
  allowCidrs: [],
};

/** The command line's own sources: files and local URLs are the user's own choice. */
export const COMMAND_LINE_SOURCE_POLICY: SourcePolicy = {
  allowLocalFiles: true,
  allowPrivateAddresses: true,
  allowCidrs: [],
};

const cidr = z.string().transform((value, ctx) => {
  try {
    return ipaddr.parseCIDR(value.trim());
  } catch {
    ctx.addIssue({ code: "custom", message: `'${value}' is not a CIDR range (e.g. 10.1.0.0/16)` });
    return z.NEVER;
  }
});

/** The operator's settings, as environment strings. */
export const sourcePolicySettingsSchema = z.object({
  /** STREAMLENS_ALLOW_PRIVATE_SOURCES: `true` lets registered sources reach internal addresses. */
  allowPrivate: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => v === "true" || v === "1"),
  /** STREAMLENS_ALLOW_SOURCE_CIDRS: comma-separated internal ranges allowed (e.g. 10.20.0.0/16). */
  allowCidrs: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").filter((s) => s.trim() !== ""))
    .pipe(z.array(cidr)),
});

/** What registered sources may reach, declared once (ingest and the edge read it). */
export const sourcePolicySettings = defineSettings("source policy", {
  allowPrivate: defineSetting({
    env: "STREAMLENS_ALLOW_PRIVATE_SOURCES",
    shownDefault: "false",
    description:
      "`true`: registered sources (admin API, registry) may reach loopback, private, link-local… addresses",
    schema: sourcePolicySettingsSchema.shape.allowPrivate,
  }),
  allowCidrs: defineSetting({
    env: "STREAMLENS_ALLOW_SOURCE_CIDRS",
    description: "comma-separated internal ranges registered sources may reach, e.g. `10.20.0.0/16`",
    schema: sourcePolicySettingsSchema.shape.allowCidrs,
  }),
});

/** Builds the registered-source policy from the environment (parsed once, at start). */
export function sourcePolicyFromEnv(env: Record<string, string | undefined>): SourcePolicy {
  const { allowPrivate, allowCidrs } = sourcePolicySettings.settings;
  const parsed = sourcePolicySettingsSchema.safeParse({
    allowPrivate: env[allowPrivate.env as string]?.trim().toLowerCase(),
    allowCidrs: env[allowCidrs.env as string],
  });
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    const name =
      problem?.path[0] === "allowPrivate"
        ? "STREAMLENS_ALLOW_PRIVATE_SOURCES"
        : "STREAMLENS_ALLOW_SOURCE_CIDRS";
    throw new StreamlensError("invalid-config", `${name}: ${problem?.message ?? "invalid"}`, {
      hint:
        name === "STREAMLENS_ALLOW_PRIVATE_SOURCES"
          ? "use true or false"
          : "use comma-separated CIDR ranges, e.g. 10.20.0.0/16,fd12::/48",
    });
  }
  return {
    allowLocalFiles: false,
    allowPrivateAddresses: parsed.data.allowPrivate,
    allowCidrs: parsed.data.allowCidrs,
  };
}

// Host names that always mean this machine or a cloud metadata service, whatever DNS says.
const INTERNAL_NAMES = [
  /^localhost\.?$/,
  /\.localhost\.?$/,
  /^metadata\.google\.internal\.?$/,
  /^metadata\.?$/,
];

/**
 * Why an address may not be a source's, or undefined when it may. ipaddr.js classifies (a kept
 * library rather than hand-written ranges); it reads hex, octal and 32-bit forms too, and
 * `process` turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 it carries.
 */
export function blockedAddressReason(address: string, policy: SourcePolicy): string | undefined {
  if (policy.allowPrivateAddresses) return undefined;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  } catch {
    return undefined;
  }
  const range = ip.range();
  if (range === "unicast") return undefined;
  if (policy.allowCidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits)))
    return undefined;
  return `it points to an internal address (${range})`;
}

/** True for a host that is an IP literal in any encoding ipaddr.js reads. */
function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ""));
}

/**
 * Refuses a source the policy does not allow, naming why: local files, and URLs whose host is
 * an internal address written literally (any encoding) or a name that always means one. Names
 * are checked again after DNS resolution where the source is opened (ingest).
 */
export function checkSourcePolicy(source: SourceLocation, policy: SourcePolicy): void {
  const refuse = (why: string): never => {
    throw new StreamlensError("unsafe-source", `refused source ${source.label}: ${why}`, {
      hint: "register http(s)://, rtsp(s)://, YouTube or ytdlp:http(s) URLs of public hosts",
    });
  };
  if (source.kind === "file") {
    if (!policy.allowLocalFiles) refuse("local files are only read from the command line");
    return;
  }
  const url = new URL(source.location); // ytdlp: keeps its URL without the prefix
  const host = url.hostname.toLowerCase();
  if (policy.allowPrivateAddresses) return;
  if (INTERNAL_NAMES.some((name) => name.test(host))) refuse("it names an internal host");
  if (isIpLiteral(host)) {
    const why = blockedAddressReason(host, policy);
    if (why) refuse(why);
  }
}
