/** Suggestions for a typed class name: whole-name prefix first, then word prefix, then anywhere. */
export function matchClasses<T extends { class: string }>(items: readonly T[], typed: string, max = 8): T[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, " ");
  if (query === "") return items.slice(0, max);
  const score = (name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith(query)) return 0;
    if (lower.split(" ").some((word) => word.startsWith(query))) return 1;
    return lower.includes(query) ? 2 : 3;
  };
  return items
    .map((item, order) => ({ item, order, score: score(item.class) }))
    .filter((m) => m.score < 3)
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, max)
    .map((m) => m.item);
}
