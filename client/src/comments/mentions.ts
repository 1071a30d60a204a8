/**
 * `@` mentions in comment text, as plain text: finding the `@query` being typed, suggesting
 * members, inserting `@Name `, working out which picked people are still mentioned, and splitting
 * text into pieces so mentions render as styled spans (never as HTML).
 */
import { CommentLimits } from '../../../shared/comments';

/** Someone who can be mentioned. */
export interface Mentionable {
  userId: string;
  name: string;
}

/** The `@query` before the caret: where its `@` is and what follows it. */
export interface MentionQuery {
  start: number;
  query: string;
}

/** Longest `@query` still treated as a search (names have a few words at most). */
const MAX_QUERY_LENGTH = 40;

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/**
 * The mention being typed at `caret`, or null. The `@` must start the text or follow a non-word
 * character (so `dana@example.org` is not one), and the query may hold spaces (for full names)
 * but no line break or second `@`.
 */
export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > MAX_QUERY_LENGTH) return null;
  if (isWordChar(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (/[\n@]/.test(query) || query.startsWith(' ')) return null;
  return { start: at, query };
}

/**
 * Members matching `query` (case-insensitive): names starting with it first, then names with a
 * later word starting with it; at most `limit`.
 */
export function matchMentionables<T extends Mentionable>(people: readonly T[], query: string, limit = 6): T[] {
  const needle = query.trim().toLocaleLowerCase();
  const scored: { person: T; score: number }[] = [];
  for (const person of people) {
    const name = person.name.toLocaleLowerCase();
    if (name.startsWith(needle)) scored.push({ person, score: 0 });
    else if (name.split(/\s+/).some((word) => word.startsWith(needle))) scored.push({ person, score: 1 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name))
    .slice(0, limit)
    .map(({ person }) => person);
}

/**
 * `text` with the query at `query.start`..`caret` replaced by `@Name ` (no space when a space or
 * punctuation follows already), and where the caret goes.
 */
export function insertMention(text: string, caret: number, query: MentionQuery, name: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const inserted = `@${name}${after === '' || isWordChar(after[0]) ? ' ' : ''}`;
  return { text: text.slice(0, query.start) + inserted + after, caret: query.start + inserted.length };
}

/** Every place `@name` stands as a whole mention in `text` (not inside a longer word). */
function mentionIndexes(text: string, name: string): number[] {
  const token = `@${name}`;
  const found: number[] = [];
  for (let index = text.indexOf(token); index >= 0; index = text.indexOf(token, index + 1)) {
    if (!isWordChar(text[index - 1]) && !isWordChar(text[index + token.length])) found.push(index);
  }
  return found;
}

/** The ids of `people` still mentioned in `text` (someone picked and then deleted is dropped). */
export function mentionsInText(text: string, people: readonly Mentionable[]): string[] {
  const ids = people.filter((person) => person.name !== '' && mentionIndexes(text, person.name).length > 0).map((person) => person.userId);
  return [...new Set(ids)].slice(0, CommentLimits.maxMentions);
}

/** A piece of comment text: plain, or a mention of someone. */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'mention'; text: string; userId: string };

/**
 * Splits `text` into plain pieces and `@Name` mentions of `people`. Where names overlap
 * ("@Dana" and "@Dana Lee"), the longer one wins.
 */
export function splitMentions(text: string, people: readonly Mentionable[]): TextPiece[] {
  const hits: { start: number; end: number; userId: string }[] = [];
  const longestFirst = [...people].filter((person) => person.name !== '').sort((a, b) => b.name.length - a.name.length);
  for (const person of longestFirst) {
    for (const start of mentionIndexes(text, person.name)) {
      const end = start + person.name.length + 1;
      if (!hits.some((hit) => start < hit.end && end > hit.start)) hits.push({ start, end, userId: person.userId });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const pieces: TextPiece[] = [];
  let cursor = 0;
  for (const hit of hits) {
    if (hit.start > cursor) pieces.push({ kind: 'text', text: text.slice(cursor, hit.start) });
    pieces.push({ kind: 'mention', text: text.slice(hit.start, hit.end), userId: hit.userId });
    cursor = hit.end;
  }
  if (cursor < text.length) pieces.push({ kind: 'text', text: text.slice(cursor) });
  return pieces;
}
