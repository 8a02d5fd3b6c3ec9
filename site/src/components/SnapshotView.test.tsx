import { describe, expect, test } from "bun:test";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Snapshot } from "../api/types";
import { classColors } from "../lib/class-colors";
import { SnapshotView } from "./SnapshotView";

const SNAPSHOT: Snapshot = {
  stream_id: "bus",
  seq: 1,
  frame_ts: "2026-11-28T11:13:26.002Z",
  model: "yolox-nano@d39bee73",
  width: 810,
  height: 1080,
  image_url: "/v1/streams/bus/snapshot.jpg",
  objects: [
    { class: "bus", score: 0.92, box: [0.011, 0.213, 0.995, 0.68] },
    { class: "person", score: 0.85, box: [0.06, 0.364, 0.264, 0.833] },
    { class: "person", score: 0.82, box: [0.269, 0.373, 0.432, 0.792] },
  ],
};

describe("SnapshotView", () => {
  test("draws each detection where it is, in percent of the frame, labelled with class and score", () => {
    const colorOf = classColors(["person", "bus"]);
    const { container } = render(<SnapshotView snapshot={SNAPSHOT} colorOf={colorOf} />);
    const boxes = [...container.querySelectorAll<HTMLElement>("[data-box]")];
    expect(boxes.map((b) => b.dataset.box)).toEqual(["bus", "person", "person"]);
    const bus = boxes[0] as HTMLElement;
    expect(Number.parseFloat(bus.style.left)).toBeCloseTo(1.1, 5);
    expect(Number.parseFloat(bus.style.top)).toBeCloseTo(21.3, 5);
    expect(Number.parseFloat(bus.style.width)).toBeCloseTo(98.4, 5);
    expect(bus.textContent).toBe("bus 92%");
    // Colours follow the order given (the stream's ranking): person first.
    expect(boxes[1]?.style.borderColor).toBe(colorOf("person"));
    expect(bus.style.borderColor).not.toBe(boxes[1]?.style.borderColor);
  });

  test("the image says what is in it; boxes can be turned off", async () => {
    const { container } = render(<SnapshotView snapshot={SNAPSHOT} colorOf={classColors([])} />);
    expect(screen.getByRole("img").getAttribute("alt")).toBe("Latest analysed frame: 1 bus, 2 person");
    await userEvent.setup().click(screen.getByLabelText("Show boxes"));
    expect(container.querySelectorAll("[data-box]")).toHaveLength(0);
  });
});
