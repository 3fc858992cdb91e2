/**
 * Planning for items identified by their name (alert channels, maintenance windows): the same
 * rules as integrations — create, update, delete only what the file manages; a name used by a
 * row made in the UI is a conflict unless `adoptExisting` — with "update" writing every field.
 */
import type { FileIssue } from './errors.ts';
import { isManagedByFile } from './values.ts';

export interface NamedDesired {
  index: number;
  name: string;
}

export interface NamedRow {
  id: number;
  name: string;
  managedBy: string | null;
}

export type NamedChange<D, R> = { action: 'create'; desired: D } | { action: 'update'; desired: D; current: R } | { action: 'delete'; current: R };

export interface NamedPlan<D, R> {
  changes: NamedChange<D, R>[];
  unchanged: number;
  conflicts: FileIssue[];
}

export interface NamedPlanOptions<D, R> {
  /** The file's list, e.g. "channels": conflicts point at `channels[i].name`. */
  section: string;
  /** What the UI calls it, for messages: "alert channel". */
  noun: string;
  owner: string;
  adoptExisting: boolean;
  /** True when the row must be rewritten to match (owner aside). */
  differs(desired: D, row: R): boolean;
}

export function planByName<D extends NamedDesired, R extends NamedRow>(desired: readonly D[], rows: readonly R[], options: NamedPlanOptions<D, R>): NamedPlan<D, R> {
  const ordered = [...rows].sort((a, b) => a.id - b.id);
  const managed = new Map<string, R>();
  const unmanaged = new Map<string, R>();
  for (const row of ordered) {
    const into = isManagedByFile(row.managedBy) ? managed : unmanaged;
    if (!into.has(row.name)) into.set(row.name, row);
  }
  const plan: NamedPlan<D, R> = { changes: [], unchanged: 0, conflicts: [] };
  const kept = new Set<R>();
  for (const item of desired) {
    let current = managed.get(item.name);
    if (!current) {
      const other = unmanaged.get(item.name);
      if (other && !(options.adoptExisting && other.managedBy === null)) {
        const maker = other.managedBy === null ? 'in the UI or API' : `by ${other.managedBy}`;
        plan.conflicts.push({
          path: [options.section, item.index, 'name'],
          message: `an ${options.noun} named "${item.name}" already exists and was made ${maker}; rename it here, delete it there, or set adoptExisting: true to take it over`,
        });
        continue;
      }
      current = other;
    }
    if (!current) {
      plan.changes.push({ action: 'create', desired: item });
      continue;
    }
    kept.add(current);
    if (current.managedBy !== options.owner || options.differs(item, current)) plan.changes.push({ action: 'update', desired: item, current });
    else plan.unchanged += 1;
  }
  for (const row of ordered) {
    if (isManagedByFile(row.managedBy) && !kept.has(row)) plan.changes.push({ action: 'delete', current: row });
  }
  return plan;
}
