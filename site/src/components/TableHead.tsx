export interface Column {
  label: string;
  /** Numbers are right-aligned. */
  numeric?: boolean;
  /** Left out on phones, where the table would not fit (its cells use {@link ON_WIDE_SCREENS}). */
  wideOnly?: boolean;
}

/** Classes of a cell whose column is left out on phones. */
export const ON_WIDE_SCREENS = "hidden sm:table-cell";

/** The header row every table of the dashboard shares. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {columns.map((column, i) => (
          <th
            key={column.label}
            scope="col"
            className={[
              "py-2 font-medium",
              i < columns.length - 1 ? "pr-3" : "",
              column.numeric ? "text-right" : "",
              column.wideOnly ? ON_WIDE_SCREENS : "",
            ].join(" ")}
          >
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
