/** One version in the history list: its name, kind, who and when, and its Open, Compare and Restore buttons. */
import { useId } from 'react';
import type { VersionSummary } from '../../../shared/versions';
import { formatDateTime } from '../components/formatDate';
import { VERSION_KIND_LABEL, versionAuthor } from './versionRules';

/** Props of VersionItem. */
export interface VersionItemProps {
  version: VersionSummary;
  /** Why restoring is not possible, or null. */
  restoreBlocked: string | null;
  /** The id of the note that says why, for the disabled button's description. */
  restoreNoteId: string;
  onOpen(): void;
  onCompare(): void;
  onRestore(): void;
}

/** The list row. The buttons keep short names; the version's name describes them for screen readers. */
export function VersionItem({ version, restoreBlocked, restoreNoteId, onOpen, onCompare, onRestore }: VersionItemProps) {
  const nameId = useId();
  return (
    <li className={`version-item version-item--${version.kind}`} data-testid="version-item" data-kind={version.kind}>
      <div className="version-item__head">
        <span className="version-item__name" id={nameId}>
          {version.name}
        </span>
        <span className="tag version-item__kind">{VERSION_KIND_LABEL[version.kind]}</span>
      </div>
      <p className="version-item__meta muted">
        {versionAuthor(version)} · <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
      </p>
      <div className="version-item__actions">
        <button type="button" className="button button--small" onClick={onOpen} aria-describedby={nameId}>
          Open
        </button>
        <button type="button" className="button button--small" onClick={onCompare} aria-describedby={nameId}>
          Compare
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={onRestore}
          disabled={restoreBlocked !== null}
          title={restoreBlocked ?? undefined}
          aria-describedby={restoreBlocked ? `${nameId} ${restoreNoteId}` : nameId}
        >
          Restore
        </button>
      </div>
    </li>
  );
}
