import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

/** A figure to meet: `value op target`. */
export interface Target {
  op: '<=' | '>=' | '==';
  value: number;
}

/** One line of the table. `value` null means the measurement could not run (see `note`). */
export interface Row {
  /** Stable id for results.json, e.g. `status.pglite.ratio`. */
  key: string;
  section: string;
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
  /** Shown after the value: context that makes the figure readable (sample sizes, absolute times). */
  note?: string;
}

export type Verdict = 'PASS' | 'MISS' | 'ERROR' | '';

export function verdict(row: Row): Verdict {
  if (row.value === null) return 'ERROR';
  if (!row.target) return '';
  const { op, value } = row.target;
  const ok = op === '<=' ? row.value <= value : op === '>=' ? row.value >= value : row.value === value;
  return ok ? 'PASS' : 'MISS';
}

const group = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Byte counts read best with their KB beside them; times and ratios with a fixed precision. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return 'n/a';
  switch (unit) {
    case 'B':
      return `${group(value, 0)} B (${group(value / 1024, 2)} KB)`;
    case 'ms':
      return `${group(value, value < 10 ? 2 : 1)} ms`;
    case 'x':
      return `${group(value, 2)}x`;
    case 'MB':
      return `${group(value, 1)} MB`;
    default:
      return `${group(value, Number.isInteger(value) ? 0 : 1)} ${unit}`;
  }
}

function formatTarget(row: Row): string {
  if (!row.target) return '';
  return `${row.target.op === '==' ? '=' : row.target.op} ${formatValue(row.target.value, row.unit)}`;
}

/** The aligned table: one heading per section, then label, value, target and verdict. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [row.label, formatValue(row.value, row.unit), formatTarget(row), verdict(row), row.note ?? '']);
  const header = ['measurement', 'value', 'target', 'result', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let section = '';
  rows.forEach((row, i) => {
    if (row.section !== section) {
      section = row.section;
      out.push(`[${section}]`);
    }
    out.push(line(cells[i]!));
  });
  return out.join('\n');
}

/** Objects with sorted keys at every depth, so results.json diffs only where a figure changed. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function machineInfo() {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

/** Writes the rows (in table order) and each section's raw details. */
export async function writeResults(path: string, rows: readonly Row[], details: Record<string, unknown>): Promise<void> {
  const body = {
    machine: machineInfo(),
    rows: rows.map((row) => ({ ...row, result: verdict(row) })),
    details,
  };
  await writeFile(path, `${JSON.stringify(sortKeys(body), null, 2)}\n`);
}
