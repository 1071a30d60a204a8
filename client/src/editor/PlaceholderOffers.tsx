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
import { findTypedValues, offersFor, replaceWithPlaceholders, type PlaceholderOffer } from './placeholderOffers';

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
  const announced = useRef(new Set<CaseField>());
  const listRef = useRef<HTMLUListElement>(null);
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

  const visible = offers.filter((offer) => !keptAsTyped.has(keptKey(letterKey, offer.field, details[offer.field])));

  // Announce a field's offer once when it appears (not at every count change), again only after it went away.
  const visibleFields = visible.map((offer) => offer.field).join(' ');
  useEffect(() => {
    const shown: CaseField[] = visible.map((offer) => offer.field);
    for (const field of announced.current) if (!shown.includes(field)) announced.current.delete(field);
    const fresh = visible.find((offer) => !announced.current.has(offer.field));
    for (const field of shown) announced.current.add(field);
    if (fresh) setAnnouncement(`Suggestion below the letter: turn “${shorten(fresh.sample)}” into the ${fresh.label} placeholder.`);
    // Only a change in which fields are offered matters, not their counts: `visible` is read as of this render.
  }, [visibleFields]);

  function accept(offer: PlaceholderOffer) {
    const tr = replaceWithPlaceholders(editor.state, offer.field, matchers);
    // Back to the text first, synchronously: the caret is where the writer left it.
    editor.view.focus();
    if (!tr) return;
    // Its own undo step: Yjs would merge it with typing from the last half second.
    const undo = undoManagerOf(editor.state);
    undo?.stopCapturing();
    editor.view.dispatch(tr);
    undo?.stopCapturing();
    setOffers(offersFor(findTypedValues(editor.state.doc, matchers)));
    setAnnouncement(`Turned ${offer.count === 1 ? `“${shorten(offer.sample)}”` : `all ${offer.count}`} into the ${offer.label} placeholder.`);
  }

  function keep(offer: PlaceholderOffer, index: number) {
    keptAsTyped.add(keptKey(letterKey, offer.field, details[offer.field]));
    setKeptCount((count) => count + 1);
    // Focus moves to the next offer's first button, or back to the text when this was the last.
    const next = visible[index + 1] ?? visible[index - 1];
    if (next) {
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-offer="${next.field}"] button`)?.focus());
    } else {
      editor.view.focus();
    }
  }

  return (
    <>
      <p className="visually-hidden" aria-live="polite" data-testid="placeholder-offer-announcement">
        {announcement}
      </p>
      {visible.length > 0 && (
        <section className="placeholder-offers" aria-label="Case details typed as text">
          <p className="placeholder-offers__intro">
            Placeholders show the case details as they are now, and hide them in de-identified views.
          </p>
          <ul className="placeholder-offers__list" ref={listRef}>
            {visible.map((offer, index) => (
              <li key={offer.field} className="placeholder-offer" data-offer={offer.field}>
                <span className="placeholder-offer__text" id={`${textId}-${offer.field}`}>
                  {describe(offer)}
                </span>
                <span className="placeholder-offer__actions">
                  <button
                    type="button"
                    className="button button--small button--primary"
                    aria-describedby={`${textId}-${offer.field}`}
                    onClick={() => accept(offer)}
                  >
                    {offer.count === 1 ? `Turn into the ${offer.label} placeholder` : `Turn all ${offer.count} into the ${offer.label} placeholder`}
                  </button>
                  <button type="button" className="button button--small" aria-describedby={`${textId}-${offer.field}`} onClick={() => keep(offer, index)}>
                    Keep as typed
                  </button>
                </span>
              </li>
            ))}
          </ul>
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
