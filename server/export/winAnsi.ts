/**
 * Text for the PDF's built-in (standard 14) fonts, which only have the Windows-1252 characters:
 * anything else would print as a wrong glyph, so it is simplified (accents dropped, dashes and
 * quotes mapped) or shown as "?". The DOCX keeps every character.
 */

/** Windows-1252's printable characters above Latin-1's ASCII range that are not Latin-1 themselves. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2032': "'",
  '\u2033': '"',
  '\u2212': '-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2248': '~',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\t': ' ',
};

function printable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || CP1252_EXTRAS.has(char);
}

/** `text` with every character the standard fonts can show, and a close stand-in (or "?") for the rest. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (printable(char)) out += char;
    else if (REPLACEMENTS[char] !== undefined) out += REPLACEMENTS[char];
    else out += withFewerAccents(char) ?? '?';
  }
  return out;
}

/** "ễ" → "ê": drops accents from the outside in until the letter is printable; null if it never is. */
function withFewerAccents(char: string): string | null {
  const parts = [...char.normalize('NFD')];
  while (parts.length > 1) {
    parts.pop();
    const candidate = parts.join('').normalize('NFC');
    if ([...candidate].every(printable)) return candidate;
  }
  return null;
}
