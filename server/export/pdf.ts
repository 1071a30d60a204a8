/**
 * Renders a printable letter as a PDF with pdfmake, in the built-in Times fonts (no font files,
 * no network): pdfmake may read no URL and no local file but those standard font names.
 */
import pdfmake from 'pdfmake';
import type { Content, ContentStack, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Block, Inline, PrintableLetter } from './printable';
import { toWinAnsi } from './winAnsi';

/** Points per inch. */
const INCH = 72;
/** US Letter, 1-inch margins. */
const TEXT_WIDTH = 8.5 * INCH - 2 * INCH;

const TIMES = { normal: 'Times-Roman', bold: 'Times-Bold', italics: 'Times-Italic', bolditalics: 'Times-BoldItalic' };
const STANDARD_FONT_FILES = new Set(Object.values(TIMES));
pdfmake.setFonts({ Times: TIMES });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONT_FILES.has(path));

type TextPart = Exclude<Content, string | number | Content[]>;

function textOf(inlines: readonly Inline[]): TextPart[] {
  return inlines.map((inline) => {
    if (inline.kind === 'break') return { text: '\n' };
    const decoration = [...(inline.underline ? (['underline'] as const) : []), ...(inline.strike ? (['lineThrough'] as const) : [])];
    // Marks only where set: an explicit `bold: false` would undo a heading's bold.
    return {
      text: toWinAnsi(inline.text),
      ...(inline.bold ? { bold: true } : {}),
      ...(inline.italic ? { italics: true } : {}),
      ...(decoration.length > 0 ? { decoration } : {}),
    };
  });
}

const HEADING_STYLE = {
  1: { fontSize: 14, bold: true, italics: false },
  2: { fontSize: 12, bold: true, italics: false },
  3: { fontSize: 12, bold: true, italics: true },
} as const;

/**
 * Characters pdfmake lays out as one paragraph at most. Its time grows much faster than a
 * paragraph's length (one paragraph of 200,000 characters took 5 s, of 500,000 over a minute), so
 * longer ones are set as consecutive paragraphs, split at a space: a page and a half of
 * unbroken text gets a line break it did not have, and no letter holds a time bomb.
 */
const MAX_PARAGRAPH_CHARS = 4_000;

/** The inlines cut into runs of at most MAX_PARAGRAPH_CHARS characters, at spaces where there are any. */
export function splitLongParagraph(inlines: readonly Inline[], max = MAX_PARAGRAPH_CHARS): Inline[][] {
  const chunks: Inline[][] = [[]];
  let length = 0;
  for (const inline of inlines) {
    if (inline.kind === 'break') {
      chunks[chunks.length - 1]?.push(inline);
      continue;
    }
    let text = inline.text;
    while (length + text.length > max) {
      const room = max - length;
      const space = text.lastIndexOf(' ', room);
      // No space in reach: cut at the limit, unless this chunk already holds text (then start a new one).
      const cut = space > 0 ? space + 1 : length > 0 ? 0 : room;
      if (cut > 0) chunks[chunks.length - 1]?.push({ ...inline, text: text.slice(0, cut) });
      text = text.slice(cut);
      chunks.push([]);
      length = 0;
    }
    if (text !== '') {
      chunks[chunks.length - 1]?.push({ ...inline, text });
      length += text.length;
    }
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

/** A paragraph's inlines as pdfmake text, split when very long (see MAX_PARAGRAPH_CHARS). */
function paragraphContent(inlines: readonly Inline[], style: Record<string, unknown>, margin: [number, number, number, number]): ContentText | ContentStack {
  const chunks = splitLongParagraph(inlines);
  if (chunks.length <= 1) return { text: textOf(inlines), ...style, margin };
  const [left, top, right, bottom] = margin;
  return {
    stack: chunks.map((chunk, index): Content => ({ text: textOf(chunk), ...style, margin: [left, index === 0 ? top : 0, right, index === chunks.length - 1 ? bottom : 0] })),
  };
}

function blockContent(block: Block, inList = false): Content {
  if (block.kind === 'heading') {
    return { ...paragraphContent(block.inlines, HEADING_STYLE[block.level], [0, 10, 0, 4]), headlineLevel: 1 };
  }
  // Inside a list, paragraphs sit closer together than in the body.
  if (block.kind === 'paragraph') return paragraphContent(block.inlines, {}, [block.indent * 36, 0, 0, inList ? 3 : 8]);
  const items = block.items.map((item): Content => ({ stack: item.map((child) => blockContent(child, true)) }));
  const margin: [number, number, number, number] = [12, 0, 0, inList ? 0 : 8];
  return block.ordered ? { ol: items, start: block.start, margin } : { ul: items, margin };
}

function headerContent(letter: PrintableLetter): Content[] {
  const content: Content[] = [];
  if (letter.letterhead) {
    const { name, lines } = letter.letterhead;
    if (name) content.push({ text: toWinAnsi(name), fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 2] });
    for (const line of lines) content.push({ text: toWinAnsi(line), fontSize: 10, alignment: 'center', lineHeight: 1.1 });
    content.push({ canvas: [{ type: 'line', x1: 0, y1: 6, x2: TEXT_WIDTH, y2: 6, lineWidth: 0.75, lineColor: '#444444' }], margin: [0, 0, 0, 24] });
  }
  content.push({ text: toWinAnsi(letter.date), margin: [0, 0, 0, 14] });
  if (letter.recipient.length > 0) content.push({ stack: letter.recipient.map(toWinAnsi), margin: [0, 0, 0, 14] });
  if (letter.re.length > 0) {
    content.push({
      columns: [
        { text: 'RE:', bold: true, width: 36 },
        { stack: letter.re.map(toWinAnsi), bold: true, width: '*' },
      ],
      margin: [0, 0, 0, 14],
    });
  }
  if (letter.salutation) content.push({ text: toWinAnsi(letter.salutation), margin: [0, 0, 0, 8] });
  return content;
}

/** The letter as a PDF file. */
export async function renderPdf(letter: PrintableLetter): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    pageSize: 'LETTER',
    pageMargins: [INCH, INCH, INCH, INCH],
    // Metadata strings are written as UTF-16 when needed, so the title stays exact.
    info: { title: letter.title, creator: 'Casewrite', producer: 'Casewrite' },
    defaultStyle: { font: 'Times', fontSize: 12, lineHeight: 1.15 },
    footer: (currentPage, pageCount) => ({ text: `Page ${currentPage} of ${pageCount}`, alignment: 'center', fontSize: 9, margin: [0, INCH / 2, 0, 0] }),
    // A heading never ends a page: it moves to the next one with its first line of text.
    pageBreakBefore: (node, following) => node.headlineLevel === 1 && following.getFollowingNodesOnPage().length === 0,
    content: [
      ...headerContent(letter),
      ...letter.body.map((block) => blockContent(block)),
      {
        stack: [{ text: toWinAnsi(letter.closing) }, { text: letter.signature.map(toWinAnsi).join('\n'), margin: [0, 36, 0, 0] }],
        unbreakable: true,
        margin: [0, 8, 0, 16],
      },
      ...letter.afterSignature.map((block) => blockContent(block)),
    ],
  };
  return pdfmake.createPdf(definition).getBuffer();
}
