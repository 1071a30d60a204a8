/**
 * A version shown read-only in the letter's layout, or two versions (or a version and the current
 * letter) compared, with insertions and deletions marked. A large modal: Escape or "Back to the
 * letter" returns to the editor, and focus goes back to the button that opened it. Its content
 * (the renderer and the diff) loads on first use.
 */
import { Suspense, lazy } from 'react';
import type { VersionSummary } from '../../../shared/versions';
import { Modal } from '../components/Modal';
import type { CaseView } from '../editor/caseView';
import type { PmNode } from './pmJson';
import { viewerTitle, type VersionView } from './versionView';

const VersionViewerBody = lazy(() => import('./VersionViewerBody').then((module) => ({ default: module.VersionViewerBody })));

/** Props of VersionViewer. */
export interface VersionViewerProps {
  /** Open while set. */
  view: VersionView | null;
  versions: readonly VersionSummary[];
  loadDoc(versionId: string): Promise<PmNode>;
  /** The current letter's body; throws while it is still loading. */
  readCurrent(): PmNode;
  caseView: CaseView;
  /** Why restoring is not possible, or null. */
  restoreBlocked: string | null;
  onChangeView(view: VersionView): void;
  onClose(): void;
  onRestore(version: VersionSummary): void;
}

/** The viewer modal; it stays mounted so closing it returns focus to its opener. */
export function VersionViewer(props: VersionViewerProps) {
  const { view, versions, onClose } = props;
  return (
    <Modal open={view !== null} onClose={onClose} title={view ? viewerTitle(view, versions) : ''} wide testId="version-viewer">
      {view && (
        <Suspense fallback={<p className="muted loading">Opening…</p>}>
          <VersionViewerBody {...props} view={view} />
        </Suspense>
      )}
    </Modal>
  );
}
