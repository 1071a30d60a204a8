/**
 * The open letter: heading and controls, sync status, the section outline and editor, and beside
 * them the people in it, the checklist, the case details and the section guide.
 */
import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { EMPTY_CASE, type CaseDetails } from '../../../shared/caseDetails';
import type { Letter } from '../../../shared/letters';
import { can } from '../../../shared/roles';
import type { LetterTemplate } from '../../../shared/templates';
import { getCaseDetails, updateCaseDetails } from '../api/case';
import { listChecklist } from '../api/checklist';
import { getLetter } from '../api/letters';
import { CasePanel } from '../case/CasePanel';
import { ChecklistPanel } from '../checklist/ChecklistPanel';
import { SectionOutline } from '../checklist/SectionOutline';
import { SidebarTabs } from '../checklist/SidebarTabs';
import { goToSection } from '../checklist/sectionNavigation';
import { useLetterAnalysis } from '../checklist/useLetterAnalysis';
import { CommentMargin } from '../comments/CommentMargin';
import { PresenceList } from '../components/PresenceList';
import { SectionGuide, findTemplate } from '../components/SectionGuide';
import { SiteHeader } from '../components/SiteHeader';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { isNotFound } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { FrozenNote } from '../editor/FrozenNote';
import { LetterEditor } from '../editor/LetterEditor';
import type { CaseView } from '../editor/caseView';
import { requestInboxRefresh } from '../inbox/inboxEvents';
import { ReviewSection } from '../review/ReviewSection';
import { useSignedIn } from '../session/SessionContext';
import type { LetterConnection } from '../sync/letterConnection';
import { useBeforeUnload } from '../sync/useBeforeUnload';
import { useLetterConnection } from '../sync/useLetterConnection';
import { useLetterEvent } from '../sync/useLetterEvent';
import { useLiveResource } from '../sync/useLiveResource';
import { usePresence } from '../sync/usePresence';
import { HistoryPanel } from '../versions/HistoryPanel';
import { ClosedNotice, REMOVED_CLOSE } from './ClosedNotice';
import { LetterHeading } from './LetterHeading';
import { ShareDialog } from './share/ShareDialog';

/** Props of LetterWorkspace; all but the letter are for a workshop around it. */
export interface LetterWorkspaceProps {
  initialLetter: Letter;
  /** Shown at the top of the letter column, e.g. a workshop's bar. */
  topBar?: ReactNode;
  /** The checklist shows these sections first, with "Show all" (a workshop step's focus). */
  focusSections?: readonly string[];
  /** Always the de-identified view, e.g. a partner's letter in peer review (the letter may say so too). */
  deidentified?: boolean;
  /** Receives the editor once it exists, and null when it goes (e.g. to follow the caret). */
  onEditor?(editor: Editor | null): void;
}

/** The workspace for one loaded letter; it is reloaded when the server says it changed, and on every reconnect. */
export function LetterWorkspace({ initialLetter, topBar, focusSections, deidentified: forceDeidentified = false, onEditor }: LetterWorkspaceProps) {
  const [letter, setLetter] = useState(initialLetter);
  const [removed, setRemoved] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const [masked, setMasked] = useState(false);
  const [sideTab, setSideTab] = useState('checklist');
  const [editor, setEditor] = useState<Editor | null>(null);
  const [, navigate] = useLocation();
  const { connection, sync } = useLetterConnection(letter.id);
  useBeforeUnload(sync.unsaved);
  useDocumentTitle(letter.title);

  // Status, title and role live outside the document. A reconnect may follow a 4500 close (my role
  // changed, or the letter was sent and froze), so the letter is fetched again then too.
  useLetterEvent(connection, 'letter', () => {
    getLetter(letter.id).then(setLetter, (error: unknown) => {
      if (isNotFound(error)) setRemoved(true);
      // Any other failure keeps the letter we know; the server enforces the real role regardless.
    });
  });

  // Something new in my inbox (a mention, a reply): the header's badge refetches now.
  useLetterEvent(connection, 'inbox', requestInboxRefresh);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  // De-identified (a workshop partner): the case's values are never fetched, and placeholders show masks.
  const deidentified = forceDeidentified || letter.deidentified;
  const caseDetails = useLiveResource(
    deidentified ? `case:${letter.id}:hidden` : `case:${letter.id}`,
    (signal) => (deidentified ? Promise.resolve(EMPTY_CASE) : getCaseDetails(letter.id, signal)),
    connection,
    'case',
  );
  const checklist = useLiveResource(`checklist:${letter.id}`, (signal) => listChecklist(letter.id, signal), connection, 'checklist');
  const details = caseDetails.state.status === 'ready' && !deidentified ? caseDetails.state.value : null;
  const items = checklist.state.status === 'ready' ? checklist.state.value : null;
  const template = findTemplate(letter.template) ?? null;
  const analysis = useLetterAnalysis(editor, template, details);
  const showMasked = masked || deidentified;
  const caseView = useMemo<CaseView>(() => ({ details, masked: showMasked }), [details, showMasked]);

  const { replace: replaceCase } = caseDetails;
  const saveCase = useCallback(
    async (changes: Partial<CaseDetails>) => {
      const saved = await updateCaseDetails(letter.id, changes);
      replaceCase(saved);
      return saved;
    },
    [letter.id, replaceCase],
  );
  const showSection = useCallback((heading: string) => editor !== null && goToSection(editor, heading), [editor]);

  const finalClose = sync.finalClose ?? (removed ? REMOVED_CLOSE : null);
  const frozen = letter.frozen;
  const mayEdit = can(letter.role, 'editBody');

  return (
    <>
      <SiteHeader>
        <SyncStatusBadge status={finalClose ? 'closed' : sync.status} />
      </SiteHeader>
      <main className="letter-layout workspace" id="main">
        <div className="letter-main">
          {topBar}
          <Link href="/" className="back-link">
            ← All letters
          </Link>
          <LetterHeading letter={letter} onChange={setLetter} onOpenShare={() => setShareOpen(true)} />
          <ReviewSection letter={letter} connection={connection} onLetterChange={setLetter} />
          {finalClose && <ClosedNotice close={finalClose} />}
          {!mayEdit && !frozen && !finalClose && (
            <p className="notice notice--info" data-testid="read-only-note">
              <strong>{can(letter.role, 'comment') ? 'You can read and comment on this letter.' : 'You can view this letter.'}</strong>{' '}
              Only its owners and editors can change the text; you see their changes as they type.
            </p>
          )}
          <div className="workspace__bar">
            {deidentified ? (
              <p className="muted" data-testid="deidentified-note">
                De-identified: the person's name, dates, A-number and other case details are hidden.
              </p>
            ) : (
              <button
                type="button"
                className="toggle"
                aria-pressed={masked}
                onClick={() => setMasked((on) => !on)}
                title="Hide the person's name, dates, A-number and other case details, e.g. for a workshop or peer review"
              >
                <span className="toggle__track" aria-hidden="true" />
                De-identified view
              </button>
            )}
          </div>
          <div className="workspace__body">
            {template && <SectionOutline template={template} items={items} analysis={analysis} onGoToSection={showSection} />}
            <div className="workspace__editor">
              {frozen && !finalClose && <FrozenNote letter={letter} />}
              {connection && sync.loaded ? (
                <ConnectedEditor
                  connection={connection}
                  editable={mayEdit && !frozen && finalClose === null}
                  letter={letter}
                  template={template}
                  caseView={caseView}
                  onEditor={setEditor}
                />
              ) : (
                !finalClose && (
                  <p className="muted loading" aria-live="polite">
                    {sync.status === 'offline' ? 'Cannot reach the server yet; retrying…' : 'Loading the letter…'}
                  </p>
                )
              )}
            </div>
            {editor && !finalClose && <CommentMargin letter={letter} editor={editor} connection={connection} />}
          </div>
        </div>
        <aside className="letter-side" aria-label="About this letter">
          {connection && !finalClose && <LivePresence connection={connection} />}
          <SidebarTabs
            label="Letter tools"
            selected={sideTab}
            onSelect={setSideTab}
            tabs={[
              {
                key: 'checklist',
                label: 'Checklist',
                panel: (
                  <ChecklistPanel
                    letterId={letter.id}
                    role={letter.role}
                    frozen={frozen}
                    checklist={checklist}
                    template={template}
                    analysis={analysis}
                    onGoToSection={showSection}
                    focusSections={focusSections}
                  />
                ),
              },
              {
                key: 'case',
                label: 'Case details',
                panel: deidentified ? (
                  <p className="muted panel-note">Case details are hidden: this letter is shown to you de-identified.</p>
                ) : (
                  <CasePanel role={letter.role} frozen={frozen} caseDetails={caseDetails} masked={masked} save={saveCase} />
                ),
              },
              { key: 'guide', label: 'Guide', panel: <SectionGuide templateId={letter.template} /> },
              { key: 'history', label: 'History', panel: <HistoryPanel letter={letter} connection={connection} caseView={caseView} /> },
            ]}
          />
        </aside>
      </main>
      <ShareDialog
        open={shareOpen}
        onClose={() => setShareOpen(false)}
        letter={letter}
        connection={connection}
        onLeft={() => navigate('/', { replace: true })}
      />
    </>
  );
}

interface ConnectedEditorProps {
  connection: LetterConnection;
  editable: boolean;
  letter: Letter;
  template: LetterTemplate | null;
  caseView: CaseView;
  onEditor(editor: Editor | null): void;
}

function ConnectedEditor({ connection, editable, letter, template, caseView, onEditor }: ConnectedEditorProps) {
  const { user, color } = useSignedIn();
  return (
    <LetterEditor
      connection={connection}
      user={{ name: user.name, color, profession: user.profession }}
      editable={editable}
      label={letter.title}
      template={template}
      caseView={caseView}
      onEditor={onEditor}
      canComment={can(letter.role, 'comment') && !letter.frozen}
    />
  );
}

function LivePresence({ connection }: { connection: LetterConnection }) {
  const users = usePresence(connection.provider.awareness);
  return <PresenceList users={users} />;
}
