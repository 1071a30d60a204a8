/** The audit log as CSV (RFC 4180), safe to open in a spreadsheet. */
import type { AuditEntry } from '../../shared/audit';

const COLUMNS = ['id', 'at', 'action', 'actorId', 'actorName', 'letterId', 'targetUserId', 'targetName', 'detail', 'ip'] as const;

/** One CSV document with a header row. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) =>
    COLUMNS.map((column) => {
      const value = entry[column];
      return csvField(column === 'detail' ? JSON.stringify(value) : value === null ? '' : String(value));
    }).join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Quotes a field, and defuses spreadsheet formulas (a leading = + - @ would be evaluated). */
function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) || defused !== value ? `"${defused.replaceAll('"', '""')}"` : defused;
}
