/** Strips credentials from a URL before it reaches a log line, an error or the database. */
export function redactUrl(input: string): string {
  try {
    const url = new URL(input);
    if (!url.username && !url.password) return input;
    url.username = url.username ? "***" : "";
    url.password = url.password ? "***" : "";
    return url.toString();
  } catch {
    return input.replace(/\/\/[^/@\s]+@/, "//***@");
  }
}
