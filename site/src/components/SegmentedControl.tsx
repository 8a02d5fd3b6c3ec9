import { useId } from "react";

/**
 * A small set of mutually exclusive choices (bucket, range, filter) as a radio group: native
 * radios keep keyboard use (arrow keys) and screen readers right; the styling makes them buttons.
 */
export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
  name,
}: {
  label: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
  name?: string;
}) {
  const id = useId();
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-medium">{label}</legend>
      <div className="inline-flex rounded-lg bg-slate-200 p-0.5 dark:bg-slate-800">
        {options.map((option) => (
          <label
            key={option.value}
            className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 has-checked:bg-white has-checked:text-slate-950 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-accent-500 dark:text-slate-300 dark:has-checked:bg-slate-600 dark:has-checked:text-white"
          >
            <input
              type="radio"
              name={name ?? id}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
              className="sr-only"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
