import { describe, expect, mock, test } from "bun:test";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Series } from "../api/types";
import { alignSeries } from "../lib/chart-data";
import { classColors } from "../lib/class-colors";
import { SeriesLegend } from "./SeriesLegend";

const point = (t: string, mean: number) => ({
  t,
  mean,
  frames: 300,
  count_sum: Math.round(mean * 300),
  count_max: 3,
});
const SERIES: Series[] = [
  {
    class: "person",
    rank: 1,
    points: [point("2026-11-28T10:00:00Z", 1.5), point("2026-11-28T10:05:00Z", 0.75)],
  },
  { class: "dog", rank: 2, points: [point("2026-11-28T10:00:00Z", 0.25)] },
];

describe("alignSeries", () => {
  test("one time axis; a class absent from an analysed bucket is 0", () => {
    expect(alignSeries(SERIES)).toEqual({
      classes: ["person", "dog"],
      times: [Date.parse("2026-11-28T10:00:00Z") / 1000, Date.parse("2026-11-28T10:05:00Z") / 1000],
      values: [
        [1.5, 0.75],
        [0.25, 0],
      ],
    });
  });
});

describe("SeriesLegend", () => {
  const aligned = alignSeries(SERIES);

  test("one toggle per class with its value at the pointer, or the latest bucket", () => {
    const { rerender } = render(
      <SeriesLegend
        aligned={aligned}
        colorOf={classColors([])}
        hidden={new Set()}
        onToggle={() => {}}
        cursorIndex={null}
      />,
    );
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["person0.75", "dog0.00"]);
    rerender(
      <SeriesLegend
        aligned={aligned}
        colorOf={classColors([])}
        hidden={new Set()}
        onToggle={() => {}}
        cursorIndex={0}
      />,
    );
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["person1.50", "dog0.25"]);
  });

  test("pressed state follows what is shown; a click asks to toggle that class", async () => {
    const onToggle = mock((_name: string) => {});
    render(
      <SeriesLegend
        aligned={aligned}
        colorOf={classColors([])}
        hidden={new Set(["dog"])}
        onToggle={onToggle}
        cursorIndex={null}
      />,
    );
    const [person, dog] = screen.getAllByRole("button");
    expect(person?.getAttribute("aria-pressed")).toBe("true");
    expect(dog?.getAttribute("aria-pressed")).toBe("false");
    await userEvent.setup().click(dog as HTMLElement);
    expect(onToggle).toHaveBeenCalledWith("dog");
  });
});
