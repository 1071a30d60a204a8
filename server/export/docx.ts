/** Renders a printable letter as a Word document (.docx) with the `docx` package. */
import type { ILevelsOptions, ParagraphChild } from 'docx';
import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, LevelFormat, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import type { Block, Inline, PrintableLetter } from './printable';

/** Twentieths of a point per inch. */
const INCH = 1440;
/** Half-points: Word's unit for font sizes. */
const pt = (points: number) => points * 2;
const FONT = 'Times New Roman';
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Bullet and number levels 0-8, indented half an inch a level. */
function levels(ordered: boolean, start: number): ILevelsOptions[] {
  const numberFormats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
  const bullets = ['•', '◦', '▪'];
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: ordered ? (numberFormats[level % 3] ?? LevelFormat.DECIMAL) : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : (bullets[level % 3] ?? '•'),
    start: level === 0 ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: (INCH / 2) * (level + 1), hanging: INCH / 4 } } },
  }));
}

function runsOf(inlines: readonly Inline[]): TextRun[] {
  return inlines.map((inline) =>
    inline.kind === 'break'
      ? new TextRun({ break: 1 })
      : new TextRun({
          text: inline.text,
          // Marks only where set: an explicit "not bold" would undo a heading style's bold in Word.
          ...(inline.bold ? { bold: true } : {}),
          ...(inline.italic ? { italics: true } : {}),
          ...(inline.underline ? { underline: {} } : {}),
          ...(inline.strike ? { strike: true } : {}),
        }),
  );
}

/** Numbering state while writing: each ordered list is its own instance, so it counts from its start. */
class ListNumbering {
  private nextInstance = 1;
  readonly starts = new Set<number>([1]);

  instanceFor(start: number): number {
    this.starts.add(start);
    return this.nextInstance++;
  }
}

function blockParagraphs(block: Block, numbering: ListNumbering, depth = 0): Paragraph[] {
  if (block.kind === 'heading') return [new Paragraph({ heading: HEADINGS[block.level], children: runsOf(block.inlines), keepNext: true })];
  if (block.kind === 'paragraph') {
    return [new Paragraph({ children: runsOf(block.inlines), indent: block.indent > 0 ? { left: (INCH / 2) * block.indent } : undefined })];
  }
  const instance = block.ordered ? numbering.instanceFor(block.start) : 0;
  const reference = block.ordered ? `numbers-${block.start}` : 'bullets';
  return block.items.flatMap((item) =>
    item.flatMap((child, index) => {
      if (child.kind === 'list') return blockParagraphs(child, numbering, depth + 1);
      if (child.kind === 'heading') return blockParagraphs(child, numbering, depth);
      const inlines = runsOf(child.inlines);
      // Only an item's first paragraph carries the bullet or number; the rest line up beneath it.
      if (index > 0) return [new Paragraph({ children: inlines, indent: { left: (INCH / 2) * (depth + 1) } })];
      return [
        new Paragraph({
          children: inlines,
          numbering: block.ordered ? { reference, level: depth, instance } : { reference, level: depth },
          spacing: { after: 80 },
        }),
      ];
    }),
  );
}

function linesParagraph(lines: readonly string[], options: { bold?: boolean; after?: number } = {}): Paragraph {
  const children: ParagraphChild[] = lines.map((line, index) => new TextRun({ text: line, bold: options.bold, break: index > 0 ? 1 : undefined }));
  return new Paragraph({ children, spacing: { after: options.after ?? 240 }, keepLines: true });
}

function headerParagraphs(letter: PrintableLetter): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  if (letter.letterhead) {
    const { name, lines } = letter.letterhead;
    const rule = { bottom: { style: BorderStyle.SINGLE, size: 6, space: 6, color: '444444' } };
    if (name) {
      paragraphs.push(
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 40 }, border: lines.length === 0 ? rule : undefined, children: [new TextRun({ text: name, bold: true, size: pt(16) })] }),
      );
    }
    lines.forEach((line, index) => {
      const last = index === lines.length - 1;
      paragraphs.push(
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0 }, border: last ? rule : undefined, children: [new TextRun({ text: line, size: pt(10) })] }),
      );
    });
    paragraphs.push(new Paragraph({ spacing: { after: 240 }, children: [] }));
  }
  paragraphs.push(linesParagraph([letter.date]));
  if (letter.recipient.length > 0) paragraphs.push(linesParagraph(letter.recipient));
  if (letter.re.length > 0) {
    const children: ParagraphChild[] = [new TextRun({ text: 'RE:', bold: true }), new TextRun({ text: '\t', bold: true })];
    letter.re.forEach((line, index) => children.push(new TextRun({ text: line, bold: true, break: index > 0 ? 1 : undefined })));
    // A hanging indent lines every RE line up after "RE:".
    paragraphs.push(new Paragraph({ children, indent: { left: INCH / 2, hanging: INCH / 2 }, tabStops: [{ type: 'left', position: INCH / 2 }], spacing: { after: 240 }, keepLines: true }));
  }
  if (letter.salutation) paragraphs.push(new Paragraph({ children: [new TextRun(letter.salutation)] }));
  return paragraphs;
}

function signatureParagraphs(letter: PrintableLetter): Paragraph[] {
  return [
    new Paragraph({ children: [new TextRun(letter.closing)], spacing: { before: 240, after: 0 }, keepNext: true }),
    // Room for a handwritten signature above the typed name.
    new Paragraph({ children: letter.signature.map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : undefined })), spacing: { before: 720, after: 240 }, keepLines: true }),
  ];
}

/** The letter as a .docx file. */
export async function renderDocx(letter: PrintableLetter): Promise<Buffer> {
  const numbering = new ListNumbering();
  const body = [
    ...headerParagraphs(letter),
    ...letter.body.flatMap((block) => blockParagraphs(block, numbering)),
    ...signatureParagraphs(letter),
    ...letter.afterSignature.flatMap((block) => blockParagraphs(block, numbering)),
  ];
  const heading = (size: number, italics = false) => ({
    run: { font: FONT, size: pt(size), bold: true, italics, color: '000000' },
    paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
  });
  const document = new Document({
    creator: 'Casewrite',
    title: letter.title,
    styles: {
      default: {
        document: { run: { font: FONT, size: pt(12) }, paragraph: { spacing: { after: 160, line: 264 } } },
        heading1: heading(14),
        heading2: heading(12),
        heading3: heading(12, true),
      },
    },
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(false, 1) },
        ...[...numbering.starts].map((start) => ({ reference: `numbers-${start}`, levels: levels(true, start) })),
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 8.5 * INCH, height: 11 * INCH }, margin: { top: INCH, right: INCH, bottom: INCH, left: INCH } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: pt(9) })] })],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
