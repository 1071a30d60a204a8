/**
 * The inside of the version viewer, loaded only when a version is first opened: the read-only
 * version in the letter's layout, or the comparison with its pickers, legend and marked changes.
 */
import { useId } from 'react';
import { useAsync } from '../api/useAsync';
import { errorMessage } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import { countChanges, diffDocs } from './diff';
import { LetterContent } from './LetterContent';
import type { VersionViewerProps } from './VersionViewer';
import { CURRENT, quoted, type VersionView } from './versionView';
import { VERSION_KIND_LABEL, changeSummary, versionAuthor } from './versionRules';

/** The viewer's content for `view`. */
export function VersionViewerBody(props: VersionViewerProps & { view: VersionView }) {
  const { view } = props;
  return view.mode === 'open' ? <OpenVersion {...props} versionId={view.versionId} /> : <CompareVersions {...props} from={view.from} to={view.to} />;
}

function OpenVersion({ versionId, versions, loadDoc, caseView, restoreBlocked, onChangeView, onClose, onRestore }: VersionViewerProps & { versionId: string }) {
  const { result, retry } = useAsync(`version:${versionId}`, () => loadDoc(versionId));
  const version = versions.find((candidate) => candidate.id === versionId);
  const reasonId = useId();
  return (
    <div className="version-view" data-testid="version-open">
      <div className="version-view__bar">
        {version && (
          <p className="version-view__meta muted">
            {VERSION_KIND_LABEL[version.kind]} · {versionAuthor(version)} ·{' '}
            <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
          </p>
        )}
        <div className="version-view__actions">
          <button type="button" className="button button--small" onClick={onClose}>
            Back to the letter
          </button>
          <button type="button" className="button button--small" onClick={() => onChangeView({ mode: 'compare', from: versionId, to: CURRENT })}>
            Compare with the current letter
          </button>
          {version && (
            <button
              type="button"
              className="button button--small button--primary"
              disabled={restoreBlocked !== null}
              aria-describedby={restoreBlocked ? reasonId : undefined}
              onClick={() => onRestore(version)}
            >
              Restore this version
            </button>
          )}
        </div>
        {restoreBlocked && (
          <p className="muted version-view__note" id={reasonId}>
            {restoreBlocked}
          </p>
        )}
      </div>
      {result.state === 'loading' && <p className="muted loading">Loading the version…</p>}
      {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
      {result.state === 'ready' && (
        <LetterContent doc={result.value} caseView={caseView} label={`Text of version ${quoted(versions, versionId)}`} />
      )}
    </div>
  );
}

function CompareVersions(props: VersionViewerProps & { from: string; to: string }) {
  const { from, to, versions, loadDoc, readCurrent, caseView, restoreBlocked, onChangeView, onClose, onRestore } = props;
  const { result, retry, refresh } = useAsync(`compare:${from}:${to}`, async () => {
    const [before, after] = await Promise.all([loadDoc(from), to === CURRENT ? readCurrent() : loadDoc(to)]);
    return diffDocs(before, after);
  });
  const fromVersion = versions.find((candidate) => candidate.id === from);
  const counts = result.state === 'ready' ? countChanges(result.value) : null;
  const fromId = useId();
  const toId = useId();
  const reasonId = useId();

  return (
    <div className="version-view">
      <div className="version-view__bar">
        <div className="version-compare__pickers">
          <div>
            <label htmlFor={fromId}>Compare from</label>
            <select id={fromId} value={from} onChange={(event) => onChangeView({ mode: 'compare', from: event.target.value, to })}>
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {version.name} — {formatDateTime(version.createdAt)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={toId}>Compare to</label>
            <select id={toId} value={to} onChange={(event) => onChangeView({ mode: 'compare', from, to: event.target.value })}>
              <option value={CURRENT}>The current letter</option>
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {version.name} — {formatDateTime(version.createdAt)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="version-view__actions">
          <button type="button" className="button button--small" onClick={onClose}>
            Back to the letter
          </button>
          {to === CURRENT && (
            <button type="button" className="button button--small" onClick={refresh} title="Compare with the letter as it is now">
              Refresh
            </button>
          )}
          {fromVersion && (
            <button
              type="button"
              className="button button--small button--primary"
              disabled={restoreBlocked !== null}
              aria-describedby={restoreBlocked ? reasonId : undefined}
              onClick={() => onRestore(fromVersion)}
            >
              Restore “{fromVersion.name}”
            </button>
          )}
        </div>
        {restoreBlocked && (
          <p className="muted version-view__note" id={reasonId}>
            {restoreBlocked}
          </p>
        )}
        <p className="version-compare__legend">
          <ins>Inserted text</ins> <del>Deleted text</del>
          {counts && (
            <span className="muted" role="status">
              {' '}
              {counts.inserted === 0 && counts.deleted === 0 && counts.formatting === 0
                ? 'No differences: the two texts are the same.'
                : changeSummary(counts)}
            </span>
          )}
        </p>
      </div>
      {result.state === 'loading' && <p className="muted loading">Comparing…</p>}
      {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
      {result.state === 'ready' && (
        <div data-testid="version-compare">
          <LetterContent diff={result.value} caseView={caseView} label={`Compared text: ${quoted(versions, from)} and ${quoted(versions, to)}`} />
        </div>
      )}
    </div>
  );
}


function LoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>Could not show this. {errorMessage(error)}</p>
      <button type="button" className="button button--small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
