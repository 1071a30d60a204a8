/** Loads versions' bodies once each (a version never changes), and reads the live letter's body. */
import { useCallback, useRef } from 'react';
import { ApiRequestError } from '../api/http';
import { getVersion } from '../api/versions';
import type { LetterConnection } from '../sync/letterConnection';
import type { PmNode } from './pmJson';
import { versionStateToPm, ydocToPm } from './versionDoc';

/** A function returning the body of a version, fetched and decoded on first use. */
export function useVersionDocs(letterId: string): (versionId: string) => Promise<PmNode> {
  const cache = useRef<Map<string, Promise<PmNode>>>(new Map());
  return useCallback(
    (versionId: string) => {
      const key = `${letterId}:${versionId}`;
      let doc = cache.current.get(key);
      if (!doc) {
        doc = getVersion(letterId, versionId).then((detail) => {
          try {
            return versionStateToPm(detail.state);
          } catch {
            throw new ApiRequestError(500, 'unreadable_version', 'This version’s text could not be read. Reload the page and try again.');
          }
        });
        cache.current.set(key, doc);
        // A failed load is forgotten, so "Try again" fetches it afresh.
        doc.catch(() => cache.current.delete(key));
      }
      return doc;
    },
    [letterId],
  );
}

/** The body of the open letter as everyone sees it now; throws while the document is still loading. */
export function currentLetterDoc(connection: LetterConnection | null): PmNode {
  if (!connection || !connection.getSnapshot().loaded) {
    throw new ApiRequestError(0, 'not_loaded', 'The current letter is still loading. Try again in a moment.');
  }
  return ydocToPm(connection.ydoc);
}
