import { lookup } from "node:dns/promises";
import { blockedAddressReason, type SourcePolicy, StreamlensError } from "@streamlens/core";

/**
 * Refuses a URL whose host resolves to an internal address (loopback, private, link-local,
 * metadata, …) unless the policy allows it. Every address DNS gives is checked, not just the
 * first: a name with one public and one private address is refused. The literal was checked at
 * registration; this catches names that point inside, and registry rows that bypassed the API.
 * What remains: ffmpeg resolves the name again (a rebinding DNS server can answer differently in
 * between), and hosts ffmpeg reaches on its own (HLS segments, its redirects) are not checked.
 */
export async function assertPublicHost(url: string, policy: SourcePolicy, label: string): Promise<void> {
  if (policy.allowPrivateAddresses) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (cause) {
    throw new StreamlensError("dns", `${label}: the host name does not resolve`, { cause, retryable: true });
  }
  for (const { address } of addresses) {
    const why = blockedAddressReason(address, policy);
    if (why) {
      // Not retryable: the operator has to allow the range (or fix the source).
      throw new StreamlensError(
        "unsafe-source",
        `${label}: refused, ${why.replace("it points", "the host resolves")}`,
      );
    }
  }
}
