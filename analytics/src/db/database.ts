import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

/** Any drizzle Postgres database over our schema: PGlite, node-postgres or Neon. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
