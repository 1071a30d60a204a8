/** The audit entries as a table: when, what, who, about whom, details, from where. */
import type { AuditEntry } from '../../../shared/audit';
import { formatDateTime } from '../components/formatDate';
import { AUDIT_ACTION_LABEL } from './auditLabels';

/** The detail object as short "key: value" text. */
export function describeDetail(detail: AuditEntry['detail']): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(', ');
}

/** The table. */
export function AuditTable({ entries, showLetter }: { entries: AuditEntry[]; showLetter: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">By</th>
            <th scope="col">About</th>
            {showLetter && <th scope="col">Letter</th>}
            <th scope="col">Details</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-action={entry.action}>
              <td className="nowrap">{formatDateTime(entry.at)}</td>
              <td>
                {AUDIT_ACTION_LABEL[entry.action]} <code className="muted">{entry.action}</code>
              </td>
              <td>{entry.actorName ?? <span className="muted">—</span>}</td>
              <td>{entry.targetName ?? <span className="muted">—</span>}</td>
              {showLetter && <td>{entry.letterId ? <code>{entry.letterId.slice(0, 8)}</code> : <span className="muted">—</span>}</td>}
              <td>{describeDetail(entry.detail) || <span className="muted">—</span>}</td>
              <td className="nowrap">{entry.ip ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
