import { StreamlensError } from "@streamlens/core/contracts";

/** DATABASE_URL, checked: a postgres:// URL, with what is wrong named (password never shown). */
export function parseDatabaseUrl(url: string): { url: URL; where: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StreamlensError("invalid-config", "DATABASE_URL is not a URL", {
      hint: "expected postgres://user:password@host:5432/database",
    });
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StreamlensError(
      "invalid-config",
      `DATABASE_URL must start with postgres:// (it starts with ${parsed.protocol}//)`,
      {
        hint: "expected postgres://user:password@host:5432/database; leave it unset for the embedded database",
      },
    );
  }
  if (!parsed.hostname) throw new StreamlensError("invalid-config", "DATABASE_URL names no host");
  const database = parsed.pathname.replace(/^\//, "") || "(default database)";
  return { url: parsed, where: `${parsed.hostname}:${parsed.port || 5432}/${database}` };
}
