/**
 * The comment highlights in the text: a TipTap extension whose ProseMirror plugin resolves every
 * thread's anchor (two Y.RelativePositions) to a range and draws it as inline decorations. Like
 * y-tiptap's cursor plugin, it resolves again whenever a remote change arrives (the sync binding's
 * mapping is current then), maps the ranges through local transactions, and re-resolves shortly
 * after local edits too, so both paths agree. It never writes to the document.
 *
 * The margin talks to it through transaction metas: it sets the threads, the draft being composed
 * and the active thread; the plugin announces hovers, clicks on highlights and the Mod-Alt-m
 * shortcut (handled as a DOM event so it works in a read-only editor too).
 */
import { Extension, getTextBetween, getTextSerializersFromSchema, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { CommentLimits, type CommentAnchor } from '../../../shared/comments';
import { decodeAnchor, encodeAnchor, resolveAnchor, type DecodedAnchor, type ProsemirrorMapping, type TextRange, type YBinding } from './anchors';
import { splitHighlightSegments } from './segments';

/** A thread as the plugin needs it: its decoded anchor (null if undecodable) and whether to draw it. */
export interface AnchoredThread {
  id: string;
  anchor: DecodedAnchor | null;
  /** False for threads the margin's filter hides: resolved, not drawn. */
  highlighted: boolean;
}

/** The plugin's state. A new object only when something the margin shows changed. */
export interface CommentHighlightState {
  threads: readonly AnchoredThread[];
  /** Each thread's range now, or null when detached. */
  ranges: ReadonlyMap<string, TextRange | null>;
  /** False until the sync binding has rendered the document (ranges are unknown before). */
  ready: boolean;
  /** The range being commented on while the compose box is open. */
  draft: { anchor: DecodedAnchor; range: TextRange | null } | null;
  /** The thread whose card is hovered or focused. */
  activeId: string | null;
  /** The thread whose highlighted words the pointer is over. */
  hoverId: string | null;
  decorations: DecorationSet;
}

/** Messages carried as this plugin's transaction meta. */
export type CommentHighlightMeta =
  | { type: 'threads'; threads: readonly AnchoredThread[] }
  | { type: 'draft'; anchor: DecodedAnchor | null }
  | { type: 'active'; id: string | null }
  | { type: 'hover'; id: string | null }
  | { type: 'recompute' }
  /** The person asked to comment on the selection (Mod-Alt-m or a Comment button). */
  | { type: 'compose' }
  /** The person clicked in the text: on a thread's highlighted words, or elsewhere (null). */
  | { type: 'open'; id: string | null };

/** The plugin's key, for reading its state. */
export const commentHighlightKey = new PluginKey<CommentHighlightState>('commentHighlights');

/** How long after a local edit the anchors are resolved again from Yjs. */
const RESOLVE_AFTER_EDIT_MS = 250;

/** The sync plugin's state, as far as this file reads it. */
interface YSyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: ProsemirrorMapping } | null;
  snapshot: unknown;
  prevSnapshot: unknown;
}

function ySyncState(state: EditorState): YSyncState | null {
  // y-tiptap types its key as PluginKey<any>; the fields read here are the ones its own cursor plugin reads.
  const ystate = ySyncPluginKey.getState(state) as YSyncState | undefined;
  return ystate ?? null;
}

/** The Yjs binding of an editor state, or null while it is not rendered or a snapshot is shown. */
export function bindingOf(state: EditorState): YBinding | null {
  const ystate = ySyncState(state);
  if (!ystate?.binding || ystate.snapshot != null || ystate.prevSnapshot != null || ystate.binding.mapping.size === 0) return null;
  return { doc: ystate.doc, type: ystate.type, mapping: ystate.binding.mapping };
}

function isRemoteChange(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === 'object' && meta !== null && Reflect.get(meta, 'isChangeOrigin') === true;
}

function sameRange(a: TextRange | null | undefined, b: TextRange | null | undefined): boolean {
  return a === b || (a != null && b != null && a.from === b.from && a.to === b.to);
}

function sameRanges(a: ReadonlyMap<string, TextRange | null>, b: ReadonlyMap<string, TextRange | null>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, range] of a) if (!b.has(id) || !sameRange(range, b.get(id))) return false;
  return true;
}

/** A range moved through a local transaction like its relative positions move (both ends stick left). */
function mapRange(range: TextRange | null, tr: Transaction): TextRange | null {
  if (range === null) return null;
  const from = tr.mapping.map(range.from, -1);
  const to = tr.mapping.map(range.to, -1);
  return from < to ? { from, to } : null;
}

function buildDecorations(state: EditorState, plugin: Omit<CommentHighlightState, 'decorations'>): DecorationSet {
  const size = state.doc.content.size;
  const ranges = plugin.threads.flatMap((thread) => {
    const range = thread.highlighted ? plugin.ranges.get(thread.id) : null;
    return range ? [{ id: thread.id, from: range.from, to: Math.min(range.to, size) }] : [];
  });
  const active = new Set([plugin.activeId, plugin.hoverId]);
  const decorations = splitHighlightSegments(ranges).map((segment) =>
    Decoration.inline(segment.from, segment.to, {
      class: [
        'comment-highlight',
        segment.ids.some((id) => active.has(id)) ? 'comment-highlight--active' : '',
        segment.ids.length > 1 ? 'comment-highlight--overlap' : '',
      ]
        .filter(Boolean)
        .join(' '),
      // The narrowest thread first: a click on the piece opens that one.
      'data-thread-id': segment.ids[0] ?? '',
      'data-thread-ids': segment.ids.join(' '),
    }),
  );
  const draft = plugin.draft?.range;
  if (draft && draft.to <= size) decorations.push(Decoration.inline(draft.from, draft.to, { class: 'comment-draft-highlight' }));
  return DecorationSet.create(state.doc, decorations);
}

function resolveAll(state: EditorState, threads: readonly AnchoredThread[], binding: YBinding): Map<string, TextRange | null> {
  const size = state.doc.content.size;
  return new Map(threads.map((thread) => [thread.id, thread.anchor ? resolveAnchor(binding, thread.anchor, size) : null]));
}

function applyMeta(tr: Transaction, prev: CommentHighlightState, oldState: EditorState, newState: EditorState): CommentHighlightState {
  const meta = tr.getMeta(commentHighlightKey) as CommentHighlightMeta | undefined; // only this file sets it
  let { threads, ranges, ready, draft, activeId, hoverId } = prev;
  let resolve = isRemoteChange(tr);
  if (meta?.type === 'threads') {
    threads = meta.threads;
    resolve = true;
  } else if (meta?.type === 'draft') {
    draft = meta.anchor ? { anchor: meta.anchor, range: null } : null;
    resolve = true;
  } else if (meta?.type === 'active') {
    activeId = meta.id;
  } else if (meta?.type === 'hover') {
    hoverId = meta.id;
  } else if (meta?.type === 'recompute') {
    resolve = true;
  }

  if (tr.docChanged && !resolve) {
    // The binding updates its mapping only after this transaction is applied: map instead, and
    // let the plugin view resolve again once it settles.
    const mapped = new Map<string, TextRange | null>();
    for (const [id, range] of ranges) mapped.set(id, mapRange(range, tr));
    ranges = sameRanges(mapped, ranges) ? ranges : mapped;
    if (draft) draft = { anchor: draft.anchor, range: mapRange(draft.range, tr) };
  }
  if (resolve) {
    const binding = bindingOf(newState) ?? bindingOf(oldState);
    if (binding) {
      const resolved = resolveAll(newState, threads, binding);
      ranges = sameRanges(resolved, ranges) ? ranges : resolved;
      if (draft) draft = { anchor: draft.anchor, range: resolveAnchor(binding, draft.anchor, newState.doc.content.size) };
      ready = true;
    }
  }
  if (draft && prev.draft && draft.anchor === prev.draft.anchor && sameRange(draft.range, prev.draft.range)) draft = prev.draft;

  const unchanged =
    threads === prev.threads &&
    ranges === prev.ranges &&
    ready === prev.ready &&
    draft === prev.draft &&
    activeId === prev.activeId &&
    hoverId === prev.hoverId;
  if (unchanged && !tr.docChanged) return prev;
  // Built afresh rather than mapped: a remote change reaches ProseMirror as one replacement of the
  // whole document, which mapping would turn into "everything deleted".
  const next = unchanged ? prev : { threads, ranges, ready, draft, activeId, hoverId };
  return { ...next, decorations: buildDecorations(newState, next) };
}

/**
 * The browser's selection in the focused `view` when ProseMirror has not read it yet (a click moves
 * it at once; ProseMirror takes it in on a later selection event), or null.
 */
function unreadDomSelection(view: EditorView): { anchor: number; head: number } | null {
  if (!view.hasFocus()) return null;
  const dom = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = dom ?? {};
  if (!dom || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
  try {
    const anchor = view.posAtDOM(anchorNode, dom.anchorOffset);
    const head = view.posAtDOM(focusNode, dom.focusOffset);
    const { selection } = view.state;
    return anchor === selection.anchor && head === selection.head ? null : { anchor, head };
  } catch {
    // A DOM position ProseMirror cannot map (inside a node view's chrome): leave the selection to it.
    return null;
  }
}

/**
 * Sends `meta` to the plugin. Any transaction makes ProseMirror write its selection to the DOM, so
 * one sent right after a click (the margin reacting to it) would put the caret back where it was
 * before the click: the browser's fresh selection is taken in with it.
 */
function dispatchMeta(view: EditorView, meta: CommentHighlightMeta): void {
  const tr = view.state.tr.setMeta(commentHighlightKey, meta).setMeta('addToHistory', false);
  const unread = unreadDomSelection(view);
  if (unread) tr.setSelection(TextSelection.between(tr.doc.resolve(unread.anchor), tr.doc.resolve(unread.head))).setMeta('pointer', true);
  view.dispatch(tr);
}

/** The thread id on the highlighted words under a DOM event's target, if any. */
function threadIdAt(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest('.comment-highlight')?.getAttribute('data-thread-id') ?? null;
}

/** Mod-Alt-m (Ctrl+Alt+M, or ⌘⌥M on a Mac), by physical key so ⌥M's "µ" still counts. */
export function isCommentShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code' | 'key'>): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && (event.code === 'KeyM' || event.key.toLowerCase() === 'm');
}

function createCommentPlugin(): Plugin<CommentHighlightState> {
  return new Plugin<CommentHighlightState>({
    key: commentHighlightKey,
    state: {
      init: (_config, state) => ({
        threads: [],
        ranges: new Map(),
        ready: false,
        draft: null,
        activeId: null,
        hoverId: null,
        decorations: DecorationSet.create(state.doc, []),
      }),
      apply: applyMeta,
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.decorations ?? null,
      handleDOMEvents: {
        mouseover(view, event) {
          const id = threadIdAt(event.target);
          if (id !== (commentHighlightKey.getState(view.state)?.hoverId ?? null)) dispatchMeta(view, { type: 'hover', id });
          return false;
        },
        mouseleave(view) {
          if (commentHighlightKey.getState(view.state)?.hoverId) dispatchMeta(view, { type: 'hover', id: null });
          return false;
        },
        click(view, event) {
          dispatchMeta(view, { type: 'open', id: threadIdAt(event.target) });
          return false;
        },
        keydown(view, event) {
          if (!isCommentShortcut(event)) return false;
          event.preventDefault();
          dispatchMeta(view, { type: 'compose' });
          return true;
        },
      },
    },
    view() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      return {
        update(view, prevState) {
          const plugin = commentHighlightKey.getState(view.state);
          // Threads that arrived before the binding rendered the document are resolved once it has.
          const waiting = plugin !== undefined && !plugin.ready && plugin.threads.length > 0 && bindingOf(view.state) !== null;
          if (view.state.doc === prevState.doc && !waiting) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            if (!view.isDestroyed) dispatchMeta(view, { type: 'recompute' });
          }, RESOLVE_AFTER_EDIT_MS);
        },
        destroy() {
          clearTimeout(timer);
        },
      };
    },
  });
}

/** The extension to add after Collaboration. */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [createCommentPlugin()];
  },
});

/** The plugin's state in `editor`, or null if the extension is missing or the editor is gone. */
export function commentHighlightState(editor: Editor): CommentHighlightState | null {
  if (editor.isDestroyed) return null;
  return commentHighlightKey.getState(editor.state) ?? null;
}

/** Sends a message to the plugin (nothing happens once the editor is destroyed). */
export function sendCommentMeta(editor: Editor, meta: CommentHighlightMeta): void {
  if (!editor.isDestroyed) dispatchMeta(editor.view, meta);
}

/** Asks the margin to open a compose box for the selection (the Comment buttons do this). */
export function requestComment(editor: Editor): void {
  sendCommentMeta(editor, { type: 'compose' });
}

/** What commenting on the current selection would send, or why it cannot. */
export type SelectionAnchor =
  | { ok: true; anchor: CommentAnchor; decoded: DecodedAnchor; quote: string; range: TextRange }
  | { ok: false; reason: 'empty' | 'no-text' | 'not-ready' };

/**
 * The selected range. ProseMirror reads a new DOM selection on the next `selectionchange` event, so
 * a shortcut pressed right after selecting (or a read-only view's fresh mouse selection) may find
 * its state still collapsed: the DOM's own selection is read then.
 */
function selectedRange(view: EditorView): TextRange {
  const { from, to } = view.state.selection;
  if (from < to) return { from, to };
  const dom = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = dom ?? {};
  if (!dom || dom.isCollapsed || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return { from, to };
  try {
    const anchor = view.posAtDOM(anchorNode, dom.anchorOffset);
    const head = view.posAtDOM(focusNode, dom.focusOffset);
    return { from: Math.min(anchor, head), to: Math.max(anchor, head) };
  } catch {
    // A DOM position ProseMirror cannot map (inside a node view's chrome): keep its own selection.
    return { from, to };
  }
}

/** The anchor and quote for the current selection of `editor`. */
export function anchorForSelection(editor: Editor): SelectionAnchor {
  const { state } = editor;
  const { from, to } = selectedRange(editor.view);
  if (from >= to) return { ok: false, reason: 'empty' };
  const binding = bindingOf(state);
  if (!binding) return { ok: false, reason: 'not-ready' };
  // Case fields quote as their `{field}` placeholder, never the person's details.
  const text = getTextBetween(state.doc, { from, to }, { blockSeparator: '\n', textSerializers: getTextSerializersFromSchema(state.schema) }).trim();
  if (text === '') return { ok: false, reason: 'no-text' };
  const quote = text.length > CommentLimits.maxQuoteLength ? `${text.slice(0, CommentLimits.maxQuoteLength - 1)}…` : text;
  const anchor = encodeAnchor(binding, from, to);
  const decoded = decodeAnchor(anchor);
  if (!decoded) return { ok: false, reason: 'not-ready' };
  return { ok: true, anchor, decoded, quote, range: { from, to } };
}
