/**
 * The offer under the letter to turn case values typed as plain text into placeholders ("“Maria
 * Gonzalez” is typed 3 times"): checked a moment after the text changes, accepted in one click for
 * every occurrence, or kept as typed for the rest of the session. Placeholders keep the letter in
 * step with the case details and are masked in de-identified views.
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import type { Editor } from '@tiptap/react';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CaseDetails, CaseField } from '../../../shared/caseDetails';
import { caseFieldMatchers } from '../../../shared/caseValuePatterns';
import { findTypedValues, offersFor, replaceWithPlaceholders, type PlaceholderOffer } from './typedCaseValues';

/** How long the text must rest before it is checked: no scan per keystroke on a long letter. */
const CHECK_DELAY_MS = 400;

/** The longest sample quoted in an offer (a recipient office can be a line long). */
const SAMPLE_MAX = 60;

/**
 * Values the writer chose to keep as typed, until the page is reloaded: letter, field and value,
 * so a changed case value may be offered again. Held in memory only: case values are identifiers,
 * and browser storage would keep them after the tab is closed.
 */
const keptAsTyped = new Set<string>();

function keptKey(letterKey: string, field: CaseField, value: string): string {
  return JSON.stringify([letterKey, field, value]);
}

/** Props of PlaceholderOffers. */
export interface PlaceholderOffersProps {
  editor: Editor;
  /** The case's current values (never a masked view's). */
  details: CaseDetails;
  /** Tells letters apart, for what was kept as typed. */
  letterKey: string;
}

/** The offers, and a polite announcement when a new one appears or one is taken. */
export function PlaceholderOffers({ editor, details, letterKey }: PlaceholderOffersProps) {
  const matchers = useMemo(() => caseFieldMatchers(details), [details]);
  const [offers, setOffers] = useState<PlaceholderOffer[]>([]);
  const [, setKeptCount] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  // What the last click did, for the announcement of the offer that follows it.
  const justDone = useRef('');
  const boxRef = useRef<HTMLElement>(null);
  const textId = useId();

  useEffect(() => {
    let timer: number | undefined;
    let checked: PmNode | null = null;
    const check = () => {
      timer = undefined;
      if (editor.isDestroyed || editor.state.doc === checked) return;
      checked = editor.state.doc;
      setOffers(offersFor(findTypedValues(checked, matchers)));
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, CHECK_DELAY_MS);
    };
    check();
    editor.on('update', schedule);
    return () => {
      window.clearTimeout(timer);
      editor.off('update', schedule);
    };
  }, [editor, matchers]);

  const waiting = offers.filter((offer) => !keptAsTyped.has(keptKey(letterKey, offer.field, details[offer.field])));
  // One at a time, so the offer stays a line or two under the letter; the next follows when it is answered.
  const offer = waiting[0];
  const shownField = offer?.field ?? '';

  // Announced when a field's offer appears, not at each new occurrence; after what was just done, if anything.
  useEffect(() => {
    const done = justDone.current;
    justDone.current = '';
    if (!offer) return;
    setAnnouncement(`${done} Suggestion below the letter: turn “${shorten(offer.sample)}” into the ${offer.label} placeholder.`.trim());
    // Only a change of the field offered matters, not its count: `offer` is read as of this render.
  }, [shownField]);

  function accept(current: PlaceholderOffer) {
    const tr = replaceWithPlaceholders(editor.state, current.field, matchers);
    // Back to the text first, synchronously: the caret is where the writer left it.
    editor.view.focus();
    if (!tr) return;
    // Its own undo step: Yjs would merge it with typing from the last half second.
    const undo = undoManagerOf(editor.state);
    undo?.stopCapturing();
    editor.view.dispatch(tr);
    undo?.stopCapturing();
    justDone.current = `Turned ${current.count === 1 ? `“${shorten(current.sample)}”` : `all ${current.count}`} into the ${current.label} placeholder.`;
    setAnnouncement(justDone.current);
    setOffers(offersFor(findTypedValues(editor.state.doc, matchers)));
  }

  function keep(current: PlaceholderOffer) {
    keptAsTyped.add(keptKey(letterKey, current.field, details[current.field]));
    setKeptCount((count) => count + 1);
    // Focus stays in the offer when another follows, and goes back to the text after the last.
    if (waiting.length > 1) requestAnimationFrame(() => boxRef.current?.querySelector('button')?.focus());
    else editor.view.focus();
  }

  return (
    <>
      <p className="visually-hidden" aria-live="polite" data-testid="placeholder-offer-announcement">
        {announcement}
      </p>
      {offer && (
        <section className="placeholder-offer" aria-label="Case details typed as text" data-offer={offer.field} ref={boxRef}>
          <p className="placeholder-offer__text" id={textId}>
            {describe(offer)}{' '}
            <span className="placeholder-offer__why">A placeholder shows the case details as they are now, and hides them in de-identified views.</span>
          </p>
          <div className="placeholder-offer__actions">
            <button type="button" className="button button--small button--primary" aria-describedby={textId} onClick={() => accept(offer)}>
              {offer.count === 1 ? `Turn into the ${offer.label} placeholder` : `Turn all ${offer.count} into the ${offer.label} placeholder`}
            </button>
            <button type="button" className="button button--small" aria-describedby={textId} onClick={() => keep(offer)}>
              Keep as typed
            </button>
            {waiting.length > 1 && <span className="placeholder-offer__more">{waiting.length - 1} more after this</span>}
          </div>
        </section>
      )}
    </>
  );
}

/** The part of the Yjs undo manager used here. */
interface UndoCapture {
  stopCapturing(): void;
}

function undoManagerOf(state: EditorState): UndoCapture | null {
  // y-tiptap types its key as PluginKey<any>; its undo plugin's state holds the Y.UndoManager.
  const undoState = yUndoPluginKey.getState(state) as { undoManager?: UndoCapture } | undefined;
  return undoState?.undoManager ?? null;
}

/** "“Maria Gonzalez” is typed 3 times." */
function describe(offer: PlaceholderOffer): string {
  const spellings = offer.spellings > 1 ? ` (${offer.spellings} spellings)` : '';
  return `“${shorten(offer.sample)}” is typed ${times(offer.count)}${spellings}.`;
}

function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}

function shorten(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > SAMPLE_MAX ? `${chars.slice(0, SAMPLE_MAX - 1).join('')}…` : chars.join('');
}
