/**
 * The dashboard's filters, kept in the URL query (`?status=&q=&sort=`) so a reload or a shared link
 * keeps them. The search box updates the URL only after typing pauses.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { LETTER_STATUSES, type LetterStatus } from '../../../shared/letters';
import type { LetterSort } from '../api/letters';

/** How long typing must pause before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The filters as the page uses them, and the ways to change them. */
export interface LetterFilters {
  query: { status: LetterStatus | undefined; q: string; sort: LetterSort };
  /** What the search box shows right now (ahead of `query.q` while typing). */
  searchText: string;
  setSearchText(text: string): void;
  setStatus(status: LetterStatus | undefined): void;
  setSort(sort: LetterSort): void;
  /** Whether any filter narrows the list. */
  filtered: boolean;
  clear(): void;
}

function parseStatus(value: string | null): LetterStatus | undefined {
  return LETTER_STATUSES.find((status) => status === value);
}

function parseSort(value: string | null): LetterSort {
  return value === 'deadline' ? 'deadline' : 'updated';
}

/** Reads and writes the dashboard's filters in the URL. */
export function useLetterFilters(): LetterFilters {
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const sort = parseSort(params.get('sort'));
  const q = params.get('q') ?? '';
  const [searchText, setSearchText] = useState(q);

  useEffect(() => {
    if (searchText === q) return;
    const timer = window.setTimeout(() => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (searchText.trim() === '') next.delete('q');
          else next.set('q', searchText);
          return next;
        },
        { replace: true },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
    // Only typing restarts the wait; `q` catching up must not.
  }, [searchText]);

  function setParam(key: string, value: string | undefined) {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === undefined) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  }

  return {
    query: { status, q, sort },
    searchText,
    setSearchText,
    setStatus: (value) => setParam('status', value),
    setSort: (value) => setParam('sort', value === 'updated' ? undefined : value),
    filtered: status !== undefined || q.trim() !== '',
    clear() {
      setSearchText('');
      setParams(sort === 'updated' ? {} : { sort }, { replace: true });
    },
  };
}
