/**
 * One export, run in a worker thread of the export pool (never on the server's event loop): the
 * stored letter is replayed, measured against LetterBodyLimits, turned into the printable letter
 * and rendered. Everything that grows with the letter's size happens here.
 */
import type * as Y from 'yjs';
import { BODY_FRAGMENT } from '../../shared/protocol';
import type { BodyBounds } from '../collab/bodyLimits';
import { contentSizeOf, nestingDepthOf } from '../collab/bodyLimits';
import type { StoredDoc } from '../collab/docStore';
import { replayStored } from '../collab/replay';
import { bodyJsonOf } from './body';
import { renderDocx } from './docx';
import type { LetterSources } from './letter';
import { buildPrintableLetter } from './letter';
import { renderPdf } from './pdf';

/** What the route sends to a worker: the stored body and everything else the letter prints. */
export interface ExportTask {
  format: 'docx' | 'pdf';
  stored: StoredDoc;
  /** The letter's other sources; `now` in milliseconds, so the task is plain data. */
  sources: Omit<LetterSources, 'body' | 'now'> & { now: number };
  bounds: BodyBounds;
}

/** What a worker answers: the file, or why the letter cannot be exported. */
export type ExportOutcome =
  | { ok: true; file: Uint8Array }
  | { ok: false; reason: 'tooLarge'; size: number }
  | { ok: false; reason: 'tooDeep'; depth: number };

/** Runs one export (the pool's task function). */
export default async function runExport(task: ExportTask): Promise<ExportOutcome> {
  const doc = replayStored(task.stored);
  try {
    // Letters stored before the limits existed may be beyond them; they are refused, not attempted.
    const depth = bodyDepthOf(doc);
    if (depth > task.bounds.maxNestingDepth) return { ok: false, reason: 'tooDeep', depth };
    const size = contentSizeOf(doc);
    if (size > task.bounds.maxContentSize) return { ok: false, reason: 'tooLarge', size };
    const letter = buildPrintableLetter({ ...task.sources, body: bodyJsonOf(doc), now: new Date(task.sources.now) });
    const file = task.format === 'docx' ? await renderDocx(letter) : await renderPdf(letter);
    return { ok: true, file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) };
  } finally {
    doc.destroy();
  }
}

/** How deeply the body nests; 0 when the body's name holds another kind of shared type (nothing prints then). */
function bodyDepthOf(doc: Y.Doc): number {
  try {
    return nestingDepthOf(doc.getXmlFragment(BODY_FRAGMENT));
  } catch {
    return 0;
  }
}
