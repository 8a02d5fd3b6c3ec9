import { defineConfig } from "drizzle-kit";

// The schema is the single source of truth; `bun run db:generate` writes migrations from it.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
