import { describe, expect, it } from 'vitest';
import {
  countChanges,
  diffDocs,
  diffInlines,
  signature,
  similarity,
  slicePieces,
  tidyChanges,
  type DiffBlock,
  type DiffInline,
} from '../../../client/src/versions/diff';
import type { PmMark, PmNode } from '../../../client/src/versions/pmJson';

const text = (value: string, ...marks: string[]): PmNode => ({ type: 'text', text: value, ...(marks.length ? { marks: marks.map((type): PmMark => ({ type })) } : {}) });
const field = (name: string): PmNode => ({ type: 'caseField', attrs: { field: name } });
const p = (...content: (PmNode | string)[]): PmNode => ({ type: 'paragraph', content: content.map((part) => (typeof part === 'string' ? text(part) : part)) });
const h = (level: number, value: string): PmNode => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const li = (...content: PmNode[]): PmNode => ({ type: 'listItem', content });
const ul = (...items: PmNode[]): PmNode => ({ type: 'bulletList', content: items });
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content });

/** The inline diff as compact text: [+inserted] [-deleted]. */
function show(inlines: readonly DiffInline[]): string {
  return inlines
    .map((piece) => {
      const value = piece.kind === 'text' ? piece.text : `{${String(piece.node.attrs?.field ?? piece.node.type)}}`;
      return piece.change === 'inserted' ? `[+${value}]` : piece.change === 'deleted' ? `[-${value}]` : value;
    })
    .join('');
}

function kinds(blocks: readonly DiffBlock[]): string[] {
  return blocks.map((block) => (block.kind === 'whole' ? `${block.change}:${block.node.type}` : `${block.kind}:${block.node.type}`));
}

describe('signature', () => {
  it('is the same whatever the order of keys, and differs with content or marks', () => {
    expect(signature({ type: 'heading', attrs: { level: 2, id: 'x' } })).toBe(signature({ attrs: { id: 'x', level: 2 }, type: 'heading' }));
    expect(signature(p('a'))).not.toBe(signature(p('b')));
    expect(signature(p(text('a', 'bold')))).not.toBe(signature(p('a')));
  });
});

describe('diffDocs', () => {
  it('finds nothing between equal documents', () => {
    const body = doc(h(2, 'Summary'), p('He needs insulin.'), ul(li(p('One')), li(p('Two'))));
    const blocks = diffDocs(body, structuredClone(body));
    expect(kinds(blocks)).toEqual(['equal:heading', 'equal:paragraph', 'equal:bulletList']);
    expect(countChanges(blocks)).toEqual({ inserted: 0, deleted: 0, formatting: 0 });
  });

  it('marks whole inserted and deleted paragraphs in place', () => {
    const before = doc(h(2, 'Summary'), p('First point.'), p('Old closing words here.'));
    const after = doc(h(2, 'Summary'), p('A brand new opening.'), p('First point.'));
    expect(kinds(diffDocs(before, after))).toEqual(['equal:heading', 'inserted:paragraph', 'equal:paragraph', 'deleted:paragraph']);
  });

  it('compares a reworded paragraph word by word', () => {
    const blocks = diffDocs(doc(p('He has not received insulin for nine days.')), doc(p('He has not received any insulin for ten days.')));
    expect(blocks).toHaveLength(1);
    const block = blocks[0];
    expect(block?.kind).toBe('text');
    if (block?.kind !== 'text') return;
    expect(show(block.inlines)).toBe('He has not received [+any ]insulin for [-nine][+ten] days.');
    expect(countChanges(blocks)).toEqual({ inserted: 2, deleted: 1, formatting: 0 });
  });

  it('shows a rewritten paragraph as one deletion and one insertion, not interleaved words', () => {
    const blocks = diffDocs(doc(p('alpha beta gamma')), doc(p('delta epsilon zeta')));
    // Nothing in common: not paired, so the old block is deleted and the new one inserted.
    expect(kinds(blocks)).toEqual(['deleted:paragraph', 'inserted:paragraph']);
  });

  it('shows text written into an empty paragraph as an insertion inside it', () => {
    const blocks = diffDocs(doc(h(2, 'Limitations'), p(), h(2, 'Next')), doc(h(2, 'Limitations'), p('None.'), h(2, 'Next')));
    expect(kinds(blocks)).toEqual(['equal:heading', 'text:paragraph', 'equal:heading']);
    expect(countChanges(blocks)).toEqual({ inserted: 1, deleted: 0, formatting: 0 });
  });

  it('keeps marks on unchanged, inserted and deleted words', () => {
    const before = doc(p('The ', text('urgent', 'bold'), ' request is pending.'));
    const after = doc(p('The ', text('urgent', 'bold'), ' request is ', text('overdue', 'italic'), '.'));
    const block = diffDocs(before, after)[0];
    if (block?.kind !== 'text') throw new Error('expected a changed paragraph');
    expect(show(block.inlines)).toBe('The urgent request is [-pending][+overdue].');
    const urgent = block.inlines.find((piece) => piece.kind === 'text' && piece.text === 'urgent');
    expect(urgent?.kind === 'text' && urgent.marks.map((mark) => mark.type)).toEqual(['bold']);
    const overdue = block.inlines.find((piece) => piece.kind === 'text' && piece.text === 'overdue');
    expect(overdue?.change).toBe('inserted');
    expect(overdue?.kind === 'text' && overdue.marks.map((mark) => mark.type)).toEqual(['italic']);
  });

  it('reports a formatting-only change', () => {
    const blocks = diffDocs(doc(p('Please release him now.')), doc(p('Please release him ', text('now', 'bold'), '.')));
    const block = blocks[0];
    expect(block?.kind === 'text' && block.formatChanged).toBe(true);
    expect(countChanges(blocks)).toEqual({ inserted: 0, deleted: 0, formatting: 1 });
  });

  it('treats a changed case-field placeholder as a changed word', () => {
    const before = doc(p('Re: ', field('fullName'), ', held at ', field('facility'), '.'));
    const after = doc(p('Re: ', field('fullName'), ', held at ', field('recipientOffice'), '.'));
    const block = diffDocs(before, after)[0];
    if (block?.kind !== 'text') throw new Error('expected a changed paragraph');
    expect(show(block.inlines)).toBe('Re: {fullName}, held at [-{facility}][+{recipientOffice}].');
  });

  it('descends into lists: an added item and a reworded item', () => {
    const before = doc(ul(li(p('Insulin twice a day')), li(p('Daily glucose checks'))));
    const after = doc(ul(li(p('Insulin three times a day')), li(p('Daily glucose checks')), li(p('A diabetic diet'))));
    const blocks = diffDocs(before, after);
    expect(kinds(blocks)).toEqual(['container:bulletList']);
    const list = blocks[0];
    if (list?.kind !== 'container') throw new Error('expected a changed list');
    expect(kinds(list.children)).toEqual(['container:listItem', 'equal:listItem', 'inserted:listItem']);
    const first = list.children[0];
    if (first?.kind !== 'container') throw new Error('expected a changed item');
    const paragraph = first.children[0];
    if (paragraph?.kind !== 'text') throw new Error('expected a changed paragraph');
    expect(show(paragraph.inlines)).toBe('Insulin [-twice][+three times] a day');
  });

  it('pairs a heading whose level changed, showing the new level', () => {
    const blocks = diffDocs(doc(h(2, 'Medical history')), doc(h(3, 'Medical history')));
    expect(kinds(blocks)).toEqual(['text:heading']);
    expect(blocks[0]?.kind === 'text' && blocks[0].node.attrs?.level).toBe(3);
  });

  it('handles empty documents on either side', () => {
    expect(kinds(diffDocs(doc(), doc(p('Hello'))))).toEqual(['inserted:paragraph']);
    expect(kinds(diffDocs(doc(p('Hello')), { type: 'doc' }))).toEqual(['deleted:paragraph']);
  });
});

describe('diffInlines', () => {
  it('covers every character of both sides exactly once', () => {
    const before = [text('Dear '), field('recipientName'), text(','), { type: 'hardBreak' }, text('I write about '), field('fullName'), text(' today.')];
    const after = [text('Dear Dr. '), field('recipientName'), text(':'), text(' I am writing about '), field('fullName'), text('.')];
    const inlines = diffInlines(before, after);
    const side = (keep: (piece: DiffInline) => boolean) =>
      inlines
        .filter(keep)
        .map((piece) => (piece.kind === 'text' ? piece.text : `<${piece.node.type}>`))
        .join('');
    expect(side((piece) => piece.change !== 'inserted')).toBe('Dear <caseField>,<hardBreak>I write about <caseField> today.');
    expect(side((piece) => piece.change !== 'deleted')).toBe('Dear Dr. <caseField>: I am writing about <caseField>.');
  });
});

describe('diffInlines on random edits', () => {
  it('always reproduces both sides', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const words = ['the', 'dose', ',', '.', ' ', '  ', 'insulin', 'a', '\n', 'é', '—'];
    const inline = (): PmNode[] =>
      Array.from({ length: Math.floor(random() * 8) }, (): PmNode => {
        const roll = random();
        if (roll < 0.15) return field(roll < 0.07 ? 'fullName' : 'facility');
        if (roll < 0.2) return { type: 'hardBreak' };
        const value = Array.from({ length: 1 + Math.floor(random() * 4) }, () => words[Math.floor(random() * words.length)] ?? 'x').join(' ');
        return text(value, ...(roll > 0.85 ? ['bold'] : []));
      });
    const flat = (nodes: readonly PmNode[]) => nodes.map((node) => (node.type === 'text' ? (node.text ?? '') : `<${String(node.attrs?.field ?? node.type)}>`)).join('');
    const side = (inlines: readonly DiffInline[], drop: 'inserted' | 'deleted') =>
      inlines
        .filter((piece) => piece.change !== drop)
        .map((piece) => (piece.kind === 'text' ? piece.text : `<${String(piece.node.attrs?.field ?? piece.node.type)}>`))
        .join('');
    for (let round = 0; round < 500; round += 1) {
      const before = inline();
      const after = inline();
      const inlines = diffInlines(before, after);
      expect(side(inlines, 'inserted')).toBe(flat(before));
      expect(side(inlines, 'deleted')).toBe(flat(after));
    }
  });
});

describe('tidyChanges', () => {
  it('joins a stretch of changes across single spaces, deletions first', () => {
    const change = (value: string, kind: 'added' | 'removed' | 'equal') => ({ value, added: kind === 'added', removed: kind === 'removed', count: 1 });
    const tidy = tidyChanges([change('a', 'removed'), change('x', 'added'), change(' ', 'equal'), change('b', 'removed'), change('y', 'added'), change(' end', 'equal')]);
    expect(tidy.map((c) => [c.removed ? '-' : c.added ? '+' : '=', c.value])).toEqual([
      ['-', 'a b'],
      ['+', 'x y'],
      ['=', ' end'],
    ]);
  });
});

describe('slicePieces', () => {
  it('cuts text and keeps inline nodes whole', () => {
    const pieces = [
      { kind: 'text' as const, text: 'Hello ', marks: [] },
      { kind: 'node' as const, node: field('fullName') },
      { kind: 'text' as const, text: ' there', marks: [] },
    ];
    expect(slicePieces(pieces, 3, 9)).toEqual([
      { kind: 'text', text: 'lo ', marks: [] },
      { kind: 'node', node: field('fullName') },
      { kind: 'text', text: ' t', marks: [] },
    ]);
  });
});

describe('similarity', () => {
  it('is 1 for the same words, 0 for none in common', () => {
    expect(similarity('a b c', 'a  b c')).toBe(1);
    expect(similarity('a b', 'c d')).toBe(0);
    expect(similarity('', '')).toBe(1);
    expect(similarity('one two three four', 'one two three five')).toBeCloseTo(0.75);
  });
});
