import { useCombobox } from "downshift";
import { useEffect, useState } from "react";
import { matchClasses } from "../lib/class-match";

export interface ClassOption {
  class: string;
  streams: number;
}

/**
 * Search streams by the objects they show: a combobox (WAI-ARIA 1.2 pattern, from downshift)
 * suggesting the classes seen so far, multi-word names ("traffic light") as one class. Enter
 * searches what was typed even when nothing matches, so an unseen class gets its empty state.
 */
export function ClassSearch({
  options,
  value,
  onSearch,
}: {
  options: readonly ClassOption[];
  value: string;
  onSearch: (className: string) => void;
}) {
  const [input, setInput] = useState(value);
  useEffect(() => setInput(value), [value]);
  const items = matchClasses(options, input);
  const combobox = useCombobox<ClassOption>({
    items,
    inputValue: input,
    itemToString: (item) => item?.class ?? "",
    onInputValueChange: ({ inputValue }) => setInput(inputValue ?? ""),
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem) onSearch(selectedItem.class);
    },
    selectedItem: null,
  });
  const { isOpen, highlightedIndex } = combobox;
  const searchTyped = () => {
    combobox.closeMenu();
    onSearch(input.trim().replace(/\s+/g, " "));
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    searchTyped();
  };
  // Enter with no suggestion highlighted searches the typed text (downshift only handles Enter
  // on a highlighted item; a form's implicit submission is not something to rely on).
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "Enter" || (isOpen && highlightedIndex >= 0)) return;
    event.preventDefault();
    (event.nativeEvent as KeyboardEvent & { preventDownshiftDefault?: boolean }).preventDownshiftDefault =
      true;
    searchTyped();
  };
  const clear = () => {
    setInput("");
    onSearch("");
  };

  return (
    <search className="relative w-full sm:max-w-md">
      <form onSubmit={submit}>
        {/* biome-ignore lint/a11y/noLabelWithoutControl: downshift's getLabelProps sets htmlFor to the input's id */}
        <label {...combobox.getLabelProps()} className="mb-1 block text-sm font-medium">
          Find streams showing
        </label>
        <div className="flex gap-2">
          <div className="relative flex-1">
            <input
              {...combobox.getInputProps({ onKeyDown })}
              type="text"
              placeholder="person, car, traffic light…"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              className="w-full rounded-lg border border-slate-300 bg-white py-2 pr-9 pl-3 text-sm shadow-sm placeholder:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:placeholder:text-slate-400"
            />
            {input !== "" && (
              <button
                type="button"
                onClick={clear}
                aria-label="Clear the search"
                className="absolute inset-y-0 right-0 flex w-9 items-center justify-center rounded-r-lg text-slate-500 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
              >
                <span aria-hidden="true">×</span>
              </button>
            )}
          </div>
          <button
            type="submit"
            className="rounded-lg bg-accent-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-accent-700"
          >
            Search
          </button>
        </div>
        <ul
          {...combobox.getMenuProps()}
          className={`absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900 ${
            isOpen && items.length > 0 ? "" : "hidden"
          }`}
        >
          {isOpen &&
            items.map((item, index) => (
              <li
                key={item.class}
                {...combobox.getItemProps({ item, index })}
                className={`flex cursor-pointer items-center justify-between px-3 py-2 ${
                  highlightedIndex === index ? "bg-accent-100 dark:bg-accent-900" : ""
                }`}
              >
                <span className="font-medium">{item.class}</span>
                <span className="text-xs text-slate-600 dark:text-slate-300">
                  {item.streams} {item.streams === 1 ? "stream" : "streams"}
                </span>
              </li>
            ))}
        </ul>
      </form>
    </search>
  );
}
