/**
 * The one list table of the admin and alerts pages. A table on wide screens; on phones each row
 * becomes a card (public/app.css, `.list-table`): the first column is the card's title and every
 * other cell shows its column heading beside it (`data-label`), so nothing scrolls sideways and
 * nothing hides. A row is its own component so an htmx answer can swap exactly one row.
 */
import type { Child } from 'hono/jsx';

export interface Column<Row> {
  heading: string;
  cell: (row: Row) => Child;
  /** Extra class on the cells (e.g. `num` for right-aligned figures, `actions`). */
  class?: string;
  /** The heading is read by screen readers only (an Actions column). */
  hiddenHeading?: boolean;
}

export function ListTableRow<Row>({ columns, row, id, class: className, attributes }: { columns: Column<Row>[]; row: Row; id?: string; class?: string; attributes?: Record<string, string | undefined> }) {
  return (
    <tr id={id} class={className} {...attributes}>
      {columns.map((column, index) =>
        index === 0 ? (
          <th scope="row" class={column.class}>
            {column.cell(row)}
          </th>
        ) : (
          <td class={column.class} data-label={column.hiddenHeading ? undefined : column.heading}>
            {column.cell(row)}
          </td>
        ),
      )}
    </tr>
  );
}

export function ListTable<Row>({ columns, rows, caption, id, children }: { columns: Column<Row>[]; rows: Row[]; caption?: string; id?: string; children?: (row: Row) => Child }) {
  return (
    <table class="list-table" id={id}>
      {caption ? <caption class="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" class={column.class}>
              {column.hiddenHeading ? <span class="visually-hidden">{column.heading}</span> : column.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{rows.map((row) => (children ? children(row) : <ListTableRow columns={columns} row={row} />))}</tbody>
    </table>
  );
}
