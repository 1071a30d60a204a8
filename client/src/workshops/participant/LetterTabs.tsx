/**
 * "My letter" | "Partner's letter (Name)" during peer review: two toggle buttons in a labelled group.
 * The workspace below (and this bar inside it) is replaced when switching, once while the letter
 * loads and again when it is there, so the chosen button takes the focus back each time it is
 * mounted shortly after the click.
 */
import { useEffect, useRef, type RefObject } from 'react';

/** How long after a click a re-mounted switch still takes the focus (loading the letter included). */
const REFOCUS_MS = 10_000;

/** Which letter a participant looks at. */
export type ShownLetter = 'mine' | 'partner';

/** Props of LetterTabs. */
export interface LetterTabsProps {
  showing: ShownLetter;
  /** The partner's name, when known. */
  partnerName: string | null;
  onShow(which: ShownLetter): void;
  /** Until when (ms) a re-mounted switch takes the focus: set by a click, kept by the caller across re-mounts. */
  focusRequest: RefObject<number>;
}

/** The switch. */
export function LetterTabs({ showing, partnerName, onShow, focusRequest }: LetterTabsProps) {
  const mine = useRef<HTMLButtonElement>(null);
  const partner = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (Date.now() > focusRequest.current) return;
    // Only if nothing else took the focus meanwhile (the page is fresh, so it sits on the body).
    if (document.activeElement && document.activeElement !== document.body) return;
    (showing === 'mine' ? mine : partner).current?.focus();
  }, [showing, focusRequest]);

  const choose = (which: ShownLetter) => {
    if (which === showing) return;
    focusRequest.current = Date.now() + REFOCUS_MS;
    onShow(which);
  };

  return (
    <div className="letter-tabs" role="group" aria-label="Which letter to show">
      <button ref={mine} type="button" className="letter-tabs__tab" aria-pressed={showing === 'mine'} onClick={() => choose('mine')}>
        My letter
      </button>
      <button ref={partner} type="button" className="letter-tabs__tab" aria-pressed={showing === 'partner'} onClick={() => choose('partner')}>
        Partner's letter{partnerName ? ` (${partnerName})` : ''}
      </button>
    </div>
  );
}
