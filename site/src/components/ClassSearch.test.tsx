import { describe, expect, mock, test } from "bun:test";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ClassSearch } from "./ClassSearch";

const OPTIONS = [
  { class: "person", streams: 12 },
  { class: "car", streams: 7 },
  { class: "traffic light", streams: 3 },
  { class: "truck", streams: 2 },
  { class: "teddy bear", streams: 1 },
];

function setup(value = "") {
  const onSearch = mock((_name: string) => {});
  render(<ClassSearch options={OPTIONS} value={value} onSearch={onSearch} />);
  return {
    onSearch,
    input: screen.getByRole("combobox", { name: "Find streams showing" }),
    user: userEvent.setup(),
  };
}

describe("ClassSearch", () => {
  test("suggests multi-word classes from any word, with how many streams show them", async () => {
    const { input, user } = setup();
    await user.type(input, "lig");
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["traffic light3 streams"]);
  });

  test("prefix matches come first, then the ranking's order", async () => {
    const { input, user } = setup();
    await user.type(input, "t");
    expect(screen.getAllByRole("option").map((o) => o.querySelector("span")?.textContent)).toEqual([
      "traffic light",
      "truck",
      "teddy bear",
    ]);
  });

  test("picking a suggestion from the keyboard searches that exact class", async () => {
    const { input, user, onSearch } = setup();
    await user.type(input, "traf");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onSearch).toHaveBeenLastCalledWith("traffic light");
  });

  test("Enter searches what was typed even when nothing matches (so it can come up empty)", async () => {
    const { input, user, onSearch } = setup();
    await user.type(input, "  giraffe  {Enter}");
    expect(onSearch).toHaveBeenLastCalledWith("giraffe");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
  });

  test("shows the current search and clears it", async () => {
    const { input, user, onSearch } = setup("car");
    expect((input as HTMLInputElement).value).toBe("car");
    await user.click(screen.getByRole("button", { name: "Clear the search" }));
    expect(onSearch).toHaveBeenLastCalledWith("");
    expect((input as HTMLInputElement).value).toBe("");
  });
});
