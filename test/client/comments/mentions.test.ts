/** `@` mentions as plain text: finding, suggesting, inserting, recording and rendering them. */
import { describe, expect, it } from 'vitest';
import { findMentionQuery, insertMention, matchMentionables, mentionsInText, splitMentions } from '../../../client/src/comments/mentions';

const dana = { userId: 'u-dana', name: 'Dana Lee' };
const dan = { userId: 'u-dan', name: 'Dan' };
const sam = { userId: 'u-sam', name: 'Sam Ortiz' };

describe('findMentionQuery', () => {
  it('finds the @query before the caret, with spaces for full names', () => {
    expect(findMentionQuery('Ask @da', 7)).toEqual({ start: 4, query: 'da' });
    expect(findMentionQuery('@Dana L', 7)).toEqual({ start: 0, query: 'Dana L' });
    expect(findMentionQuery('(@', 2)).toEqual({ start: 1, query: '' });
  });

  it('ignores email addresses, line breaks, a space right after @, and text after the caret', () => {
    expect(findMentionQuery('mail dana@example.org', 21)).toBeNull();
    expect(findMentionQuery('@dana\nnext', 10)).toBeNull();
    expect(findMentionQuery('@ dana', 6)).toBeNull();
    expect(findMentionQuery('no mention @later', 3)).toBeNull();
  });
});

describe('matchMentionables', () => {
  it('matches name starts first, then later words, case-insensitively', () => {
    expect(matchMentionables([sam, dana, dan], 'da')).toEqual([dan, dana]);
    expect(matchMentionables([sam, dana], 'or')).toEqual([sam]);
    expect(matchMentionables([sam, dana], 'LEE')).toEqual([dana]);
    expect(matchMentionables([sam, dana], 'x')).toEqual([]);
  });

  it('offers everyone for an empty query, up to the limit', () => {
    expect(matchMentionables([sam, dana, dan], '', 2)).toHaveLength(2);
  });
});

describe('insertMention', () => {
  it('replaces the query with @Name and a space, and puts the caret after it', () => {
    expect(insertMention('Ask @da', 7, { start: 4, query: 'da' }, 'Dana Lee')).toEqual({ text: 'Ask @Dana Lee ', caret: 14 });
    expect(insertMention('Ask @daplease', 7, { start: 4, query: 'da' }, 'Dana Lee')).toEqual({ text: 'Ask @Dana Lee please', caret: 14 });
  });

  it('adds no space before a space or punctuation that follows already', () => {
    expect(insertMention('Ask @da please', 7, { start: 4, query: 'da' }, 'Dana Lee')).toEqual({ text: 'Ask @Dana Lee please', caret: 13 });
    expect(insertMention('@d, thanks', 2, { start: 0, query: 'd' }, 'Dan')).toEqual({ text: '@Dan, thanks', caret: 4 });
  });
});

describe('mentionsInText', () => {
  it('keeps the picked people still named, once each', () => {
    expect(mentionsInText('@Dana Lee and @Sam Ortiz, @Dana Lee again', [dana, sam])).toEqual(['u-dana', 'u-sam']);
  });

  it('drops people whose mention was deleted or is part of a longer word', () => {
    expect(mentionsInText('Dana Lee without the at', [dana])).toEqual([]);
    expect(mentionsInText('@Dana Leeway', [dana])).toEqual([]);
  });
});

describe('splitMentions', () => {
  it('splits text into plain pieces and mentions', () => {
    expect(splitMentions('Hi @Dana Lee, see this.', [dana])).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'mention', text: '@Dana Lee', userId: 'u-dana' },
      { kind: 'text', text: ', see this.' },
    ]);
  });

  it('prefers the longer of two overlapping names', () => {
    expect(splitMentions('@Dana Lee and @Dan', [dan, dana])).toEqual([
      { kind: 'mention', text: '@Dana Lee', userId: 'u-dana' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@Dan', userId: 'u-dan' },
    ]);
  });

  it('keeps markup-looking text as plain text', () => {
    expect(splitMentions('<b>@Sam Ortiz</b>', [sam])).toEqual([
      { kind: 'text', text: '<b>' },
      { kind: 'mention', text: '@Sam Ortiz', userId: 'u-sam' },
      { kind: 'text', text: '</b>' },
    ]);
    expect(splitMentions('no people', [])).toEqual([{ kind: 'text', text: 'no people' }]);
  });
});
