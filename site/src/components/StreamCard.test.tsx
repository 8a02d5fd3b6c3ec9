import { describe, expect, test } from "bun:test";
import { render, screen, within } from "@testing-library/react";
import type { Stream } from "../api/types";
import { StreamCard } from "./StreamCard";

const STREAM: Stream = {
  id: "lobby",
  kind: "rtsp",
  source: "rtsp://cam.example/lobby",
  title: "Lobby camera",
  channel: null,
  thumbnail_url: null,
  live: true,
  active: true,
  fps: 1,
  status: "running",
  last_frame_at: new Date(Date.now() - 3 * 60_000).toISOString(),
  last_error: null,
  last_error_at: null,
  created_at: "2026-11-01T00:00:00.000Z",
  rank: 2,
  mean_objects: 3.456,
  frames: 1200,
  top_objects: ["person", "chair", "tv"],
  model: "yolox-nano@d39bee73",
  snapshot_at: "2026-11-28T10:00:00.000Z",
};

describe("StreamCard", () => {
  test("title links to the stream page; status, rank, activity and top objects are shown", () => {
    render(<StreamCard stream={STREAM} highlight="chair" />);
    expect(screen.getByRole("link", { name: "Lobby camera" }).getAttribute("href")).toBe("/stream/?id=lobby");
    expect(screen.getByText("Live")).toBeTruthy();
    expect(screen.getByText("#2")).toBeTruthy();
    expect(screen.getByText("3.46")).toBeTruthy();
    expect(screen.getByText("3 minutes ago")).toBeTruthy();
    const badges = within(screen.getByRole("list", { name: "Top objects" })).getAllByRole("listitem");
    expect(badges.map((b) => b.textContent)).toEqual(["person", "chair", "tv"]);
    expect(badges[1]?.className).toContain("bg-accent-600"); // the searched class stands out
  });

  test("the picture is the latest snapshot's thumbnail, versioned by its time so a new frame reloads", () => {
    render(<StreamCard stream={STREAM} />);
    const image = screen.getByRole("img", { name: "Latest frame of Lobby camera" });
    expect(image.getAttribute("src")).toBe(
      "/v1/streams/lobby/snapshot.jpg?size=thumb&v=2026-11-28T10%3A00%3A00.000Z",
    );
  });

  test("without a snapshot: the source's thumbnail if it is http(s), else a placeholder", () => {
    const { rerender } = render(
      <StreamCard
        stream={{ ...STREAM, snapshot_at: null, thumbnail_url: "https://i.ytimg.com/vi/x/hq.jpg" }}
      />,
    );
    expect(screen.getByRole("img").getAttribute("src")).toBe("https://i.ytimg.com/vi/x/hq.jpg");
    rerender(<StreamCard stream={{ ...STREAM, snapshot_at: null, thumbnail_url: "javascript:alert(1)" }} />);
    expect(screen.queryByRole("img")).toBeNull();
    expect(screen.getByText("No frame yet")).toBeTruthy();
  });

  test("a failed stream reads as an error; an unranked one has no rank", () => {
    render(
      <StreamCard stream={{ ...STREAM, status: "failed", rank: null, mean_objects: null, title: null }} />,
    );
    expect(screen.getByText("Error")).toBeTruthy();
    expect(screen.queryByText(/^#/)).toBeNull();
    expect(screen.getByRole("link", { name: "lobby" })).toBeTruthy();
    expect(screen.getByText("–")).toBeTruthy();
  });
});
