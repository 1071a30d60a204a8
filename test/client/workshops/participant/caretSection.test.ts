import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { createSchemaExtensions } from '../../../../shared/editor';
import { medicalAdvocacyTemplate } from '../../../../shared/templates';
import { sectionKeyAt, sectionKeyAtPos, type BlockHead } from '../../../../client/src/workshops/participant/caretSection';

const schema = getSchema(createSchemaExtensions());
const heading = (text: string): BlockHead => ({ type: 'heading', text });
const paragraph = (text: string): BlockHead => ({ type: 'paragraph', text });

describe('sectionKeyAt', () => {
  const blocks = [
    paragraph('Preamble before any section'),
    heading('Header'),
    paragraph('Date and recipient'),
    heading('  care IN detention '),
    heading('Notes'),
    paragraph('A sub-heading stays in its section'),
    heading('Header'),
    paragraph('A repeated heading stays in the section it appears in'),
  ];

  it('is null before the first section heading', () => {
    expect(sectionKeyAt(blocks, 0, medicalAdvocacyTemplate)).toBeNull();
  });

  it('is the section of the nearest heading above, headings compared loosely', () => {
    expect(sectionKeyAt(blocks, 1, medicalAdvocacyTemplate)).toBe('header');
    expect(sectionKeyAt(blocks, 2, medicalAdvocacyTemplate)).toBe('header');
    expect(sectionKeyAt(blocks, 3, medicalAdvocacyTemplate)).toBe('care');
    expect(sectionKeyAt(blocks, 5, medicalAdvocacyTemplate)).toBe('care');
  });

  it('keeps a repeated heading inside the current section, as the outline does', () => {
    expect(sectionKeyAt(blocks, 7, medicalAdvocacyTemplate)).toBe('care');
  });

  it('treats an index past the end as the last block', () => {
    expect(sectionKeyAt(blocks, 100, medicalAdvocacyTemplate)).toBe('care');
  });
});

describe('sectionKeyAtPos', () => {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary of request' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Release for insulin.' }] },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Relevant history' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Detained since March.' }] },
    ],
  });

  it('finds the section of a caret inside a paragraph or a heading', () => {
    let firstParagraph = -1;
    let lastParagraph = -1;
    doc.forEach((node, offset) => {
      if (node.type.name === 'paragraph') {
        if (firstParagraph < 0) firstParagraph = offset + 2;
        lastParagraph = offset + 2;
      }
    });
    expect(sectionKeyAtPos(doc, firstParagraph, medicalAdvocacyTemplate)).toBe('summary');
    expect(sectionKeyAtPos(doc, lastParagraph, medicalAdvocacyTemplate)).toBe('history');
    expect(sectionKeyAtPos(doc, 1, medicalAdvocacyTemplate)).toBe('summary');
  });

  it('survives positions outside the document', () => {
    expect(sectionKeyAtPos(doc, -5, medicalAdvocacyTemplate)).toBe('summary');
    expect(sectionKeyAtPos(doc, 10_000, medicalAdvocacyTemplate)).toBe('history');
  });
});
