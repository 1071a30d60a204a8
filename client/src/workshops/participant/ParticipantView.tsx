/**
 * A participant's workshop: without a letter yet, the chooser; then their letter in the usual
 * workspace under the workshop bar (step, guidance, timer, message, raise hand, sharing), the
 * checklist narrowed to the step's sections, their partner's letter during peer review, and the
 * letter on the shared screen. The caret's section is reported for the facilitator's board.
 */
import type { Editor } from '@tiptap/react';
import { useRef, useState } from 'react';
import type { Letter } from '../../../../shared/letters';
import type { LetterTemplate } from '../../../../shared/templates';
import type { Workshop, WorkshopState } from '../../../../shared/workshops';
import { findTemplate } from '../../components/SectionGuide';
import { useSignedIn } from '../../session/SessionContext';
import { LetterChooser } from './LetterChooser';
import { LetterTabs, type ShownLetter } from './LetterTabs';
import { SpotlightPanel } from './SpotlightPanel';
import { WorkshopBar } from './WorkshopBar';
import { WorkshopLetter } from './WorkshopLetter';
import { WorkshopPage } from './WorkshopPage';
import { currentStep, isEnded, partnerOf, partnerName } from './participantRules';
import { useCaretSectionReport } from './useCaretSectionReport';
import { usePartnerLetter } from './usePartnerLetter';

/** Props of ParticipantView, as the workshop page renders it. */
export interface ParticipantViewProps {
  workshop: Workshop;
  state: WorkshopState;
  clockOffsetMs: number;
  onWorkshopChange(workshop: Workshop): void;
}

/** The participant's screen. It renders whole pages (header and main), as the letter workspace does. */
export function ParticipantView({ workshop, state, clockOffsetMs, onWorkshopChange }: ParticipantViewProps) {
  const { user } = useSignedIn();
  const [showing, setShowing] = useState<ShownLetter>('mine');
  const [guidanceOpen, setGuidanceOpen] = useState(false);
  const [minimizedSpotlight, setMinimizedSpotlight] = useState<string | null>(null);
  const [choosingAgain, setChoosingAgain] = useState(false);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [template, setTemplate] = useState<LetterTemplate | null>(null);
  const focusTab = useRef(0);

  const ended = isEnded(workshop, state);
  const step = currentStep(workshop, state)?.step ?? null;
  const partnerId = ended ? null : partnerOf(state.pairs, user.id);
  const partner = usePartnerLetter(partnerId);
  const partnerLetter = partner.result.state === 'ready' ? partner.result.value : null;
  // When the pairs end the switch goes, and the view is back on my letter (also for the next pairing).
  if (partnerId === null && showing === 'partner') setShowing('mine');
  const showPartner = showing === 'partner' && partnerId !== null;
  const myLetterId = choosingAgain ? null : workshop.myLetterId;

  useCaretSectionReport(workshop.id, showPartner ? null : editor, template, !ended && myLetterId !== null);

  const spotlight = ended ? null : state.spotlight;
  const topBar = (
    <div className="workshop-top">
      <WorkshopBar
        workshop={workshop}
        state={state}
        clockOffsetMs={clockOffsetMs}
        userId={user.id}
        hasLetter={myLetterId !== null}
        guidanceOpen={guidanceOpen}
        onGuidanceOpenChange={setGuidanceOpen}
        tabs={
          partnerId !== null && myLetterId !== null ? (
            <LetterTabs
              showing={showPartner ? 'partner' : 'mine'}
              partnerName={partnerName(partnerLetter, partnerId)}
              onShow={setShowing}
              focusRequest={focusTab}
            />
          ) : null
        }
      />
      {spotlight && (
        <SpotlightPanel
          workshopId={workshop.id}
          spotlight={spotlight}
          revision={state.revision}
          minimized={minimizedSpotlight === spotlight.letterId}
          onMinimizedChange={(minimized) => setMinimizedSpotlight(minimized ? spotlight.letterId : null)}
        />
      )}
    </div>
  );

  if (myLetterId === null) {
    return (
      <WorkshopPage>
        {topBar}
        {ended ? (
          <p className="muted">The workshop is over, so no letter can be added to it any more.</p>
        ) : (
          <LetterChooser
            workshop={workshop}
            onWorkshopChange={(changed) => {
              setChoosingAgain(false);
              onWorkshopChange(changed);
            }}
          />
        )}
      </WorkshopPage>
    );
  }

  if (showPartner) {
    const notAvailable = (
      <div className="notice notice--info" role="status">
        <p>Your partner's letter is not open to you (yet). It appears once the facilitator's pairing reaches you.</p>
        <button type="button" className="button button--small" onClick={partner.retry}>
          Look again
        </button>
      </div>
    );
    if (partnerLetter === null) {
      return (
        <WorkshopPage busy={partner.result.state === 'loading'}>
          {topBar}
          {partner.result.state === 'loading' ? <p className="muted loading">Finding your partner's letter…</p> : notAvailable}
        </WorkshopPage>
      );
    }
    return (
      <WorkshopLetter key={partnerLetter.id} letterId={partnerLetter.id} topBar={topBar} focusSections={step?.focusSections} notFound={notAvailable} deidentified />
    );
  }

  return (
    <WorkshopLetter
      key={myLetterId}
      letterId={myLetterId}
      topBar={topBar}
      focusSections={ended ? undefined : step?.focusSections}
      onEditor={setEditor}
      onLoaded={(letter: Letter) => setTemplate(findTemplate(letter.template) ?? null)}
      notFound={
        <div className="notice notice--error" role="alert">
          <p>Your workshop letter could not be opened: it was deleted, or you are no longer one of its members.</p>
          <button type="button" className="button button--small" onClick={() => setChoosingAgain(true)}>
            Choose another letter
          </button>
        </div>
      }
    />
  );
}
