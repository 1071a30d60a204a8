/**
 * The side panel's "History" tab: save a named version, the list of versions (newest first) with
 * Open, Compare and Restore, and the read-only viewer and restore confirmation they open. The list
 * refreshes live: on new versions, and on status changes and finished reviews, which make them.
 */
import { useCallback, useId, useState } from 'react';
import type { Letter } from '../../../shared/letters';
import type { VersionSummary } from '../../../shared/versions';
import { listVersions, restoreVersion } from '../api/versions';
import { errorMessage } from '../components/errorMessage';
import type { CaseView } from '../editor/caseView';
import type { LetterConnection } from '../sync/letterConnection';
import { useLetterEvent } from '../sync/useLetterEvent';
import { useLiveResource } from '../sync/useLiveResource';
import { RestoreDialog } from './RestoreDialog';
import { SaveVersionForm } from './SaveVersionForm';
import { VersionItem } from './VersionItem';
import { VersionViewer } from './VersionViewer';
import { CURRENT, type VersionView } from './versionView';
import { currentLetterDoc, useVersionDocs } from './useVersionDocs';
import { restoreBlockedReason, saveBlockedReason } from './versionRules';

/** Props of HistoryPanel. */
export interface HistoryPanelProps {
  letter: Letter;
  connection: LetterConnection | null;
  /** What placeholders show in opened versions: the workspace's case values and de-identified toggle. */
  caseView: CaseView;
}

/** The History tab. */
export function HistoryPanel({ letter, connection, caseView }: HistoryPanelProps) {
  const versions = useLiveResource(`versions:${letter.id}`, (signal) => listVersions(letter.id, signal), connection, 'versions');
  // Automatic versions come with status changes and finished reviews, announced under these topics.
  useLetterEvent(connection, 'letter', versions.refresh);
  useLetterEvent(connection, 'reviews', versions.refresh);
  const loadDoc = useVersionDocs(letter.id);
  const readCurrent = useCallback(() => currentLetterDoc(connection), [connection]);
  const [view, setView] = useState<VersionView | null>(null);
  const [restoring, setRestoring] = useState<VersionSummary | null>(null);
  const [restoreBusy, setRestoreBusy] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const permissionNoteId = useId();
  const restoreBlocked = restoreBlockedReason(letter);
  const { state } = versions;
  const list = state.status === 'ready' ? state.value : [];
  const saveBlocked = saveBlockedReason(letter, list);

  function handleSaved(version: VersionSummary) {
    versions.replace([version, ...list.filter((other) => other.id !== version.id)]);
    setNotice(`Saved “${version.name}”.`);
    versions.refresh();
  }

  function openView(next: VersionView) {
    setNotice(null);
    setView(next);
  }

  function openRestore(version: VersionSummary) {
    setNotice(null);
    setRestoreError(null);
    setRestoring(version);
  }

  async function handleRestore() {
    if (!restoring || restoreBusy) return;
    setRestoreBusy(true);
    setRestoreError(null);
    try {
      // The server keeps today's text as a version first, so nothing is lost.
      const { kept } = await restoreVersion(letter.id, restoring.id);
      setNotice(`Restored “${restoring.name}”. Everyone on the letter now sees that text; the text before it is kept as “${kept.name}”.`);
      setRestoring(null);
      setView(null);
      versions.refresh();
    } catch (cause) {
      setRestoreError(`Not restored. ${errorMessage(cause)}`);
    } finally {
      setRestoreBusy(false);
    }
  }

  return (
    <section className="history" aria-labelledby="history-title" data-testid="history-panel">
      <div className="panel-head">
        <h2 className="side-title" id="history-title">
          Version history {state.status === 'ready' && <span className="count">{list.length}</span>}
        </h2>
      </div>
      <SaveVersionForm letterId={letter.id} blockedReason={saveBlocked} reasonId={permissionNoteId} onSaved={handleSaved} />
      {restoreBlocked && (
        <p className="muted panel-note" id={permissionNoteId}>
          {saveBlocked ? 'Only the letter’s owners and editors can save or restore versions.' : restoreBlocked}
        </p>
      )}
      {notice && (
        <p className="notice notice--ok history__notice" role="status">
          {notice}
        </p>
      )}
      {state.status === 'loading' && <p className="muted panel-state">Loading the history…</p>}
      {state.status === 'error' && (
        <div className="notice notice--error panel-state" role="alert">
          <p>Could not load the version history. {errorMessage(state.error)}</p>
          <button type="button" className="button button--small" onClick={versions.retry}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' && state.staleBecause !== null && (
        <p className="field-error" role="status">
          Could not refresh the history; it may be out of date.
        </p>
      )}
      {state.status === 'ready' && list.length === 0 && (
        <p className="muted panel-state" data-testid="version-empty">
          No versions yet. Versions are saved automatically when the status changes, or save one now.
        </p>
      )}
      {state.status === 'ready' && list.length > 0 && (
        <>
          <ul className="version-list" data-testid="version-list">
            {list.map((version) => (
              <VersionItem
                key={version.id}
                version={version}
                restoreBlocked={restoreBlocked}
                restoreNoteId={permissionNoteId}
                onOpen={() => openView({ mode: 'open', versionId: version.id })}
                onCompare={() => openView({ mode: 'compare', from: version.id, to: CURRENT })}
                onRestore={() => openRestore(version)}
              />
            ))}
          </ul>
        </>
      )}
      <VersionViewer
        view={view}
        versions={list}
        loadDoc={loadDoc}
        readCurrent={readCurrent}
        caseView={caseView}
        restoreBlocked={restoreBlocked}
        onChangeView={setView}
        onClose={() => setView(null)}
        onRestore={openRestore}
      />
      <RestoreDialog version={restoring} busy={restoreBusy} error={restoreError} onClose={() => setRestoring(null)} onConfirm={handleRestore} />
    </section>
  );
}
