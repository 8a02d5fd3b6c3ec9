// One colour per object class on a page, the same in the chart, its legend and the boxes drawn
// over the snapshot. Tableau 10: distinct hues that stay apart for most colour-blind readers.
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;

/** Text colour readable on a background colour (WCAG relative luminance). */
export function textOn(hex: string): "#000000" | "#ffffff" {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05): pick the larger.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}

/** Colours assigned in the order classes are first given (a stream's ranking first). */
export function classColors(classes: Iterable<string>): (className: string) => string {
  const assigned = new Map<string, string>();
  const add = (name: string) => {
    if (!assigned.has(name)) assigned.set(name, PALETTE[assigned.size % PALETTE.length] as string);
    return assigned.get(name) as string;
  };
  for (const name of classes) add(name);
  return add;
}
