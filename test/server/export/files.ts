/** Reading exported files the way an outside reader would: the DOCX as a zip of XML, the PDF through PDF.js. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every paragraph of a DOCX's word/document.xml, runs joined, entities decoded. */
export function docxParagraphs(file: Uint8Array): string[] {
  const entries = unzipSync(file);
  const xml = entries['word/document.xml'];
  if (!xml) throw new Error('the DOCX has no word/document.xml');
  return [...strFromU8(xml).matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) =>
    [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:(br|tab)\/>/g)]
      .map((match) => (match[2] ? ' ' : decodeXml(match[1] ?? '')))
      .join(''),
  );
}

/** The raw word/document.xml of a DOCX. */
export function docxXml(file: Uint8Array): string {
  const xml = unzipSync(file)['word/document.xml'];
  if (!xml) throw new Error('the DOCX has no word/document.xml');
  return strFromU8(xml);
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '');
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Every page's text as PDF.js extracts it, whitespace collapsed to single spaces. */
export async function pdfPages(file: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({
    data: new Uint8Array(file),
    // The standard fonts' metrics ship with pdfjs-dist; nothing is fetched.
    standardFontDataUrl: `${path.join(pdfjsRoot, 'standard_fonts')}/`,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const content = await (await pdf.getPage(number)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(' ');
      pages.push(text.replace(/\s+/g, ' ').trim());
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/** Collapses whitespace, so text that wrapped across lines compares with what was typed. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
