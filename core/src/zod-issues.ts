import type { z } from "zod";

/**
 * One line for every problem zod found, each with its path (`fps: must be at most 30`), so a
 * message names what was wrong however deep it sits. `root` names a value that has no path.
 */
export function formatIssues(error: z.ZodError, root = "(root)"): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : root}: ${issue.message}`)
    .join("; ");
}
