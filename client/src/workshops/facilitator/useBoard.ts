/** The facilitator's board, polled every few seconds and re-read whenever the live state changes. */
import { useEffect, useRef } from 'react';
import type { BoardParticipant } from '../../../../shared/workshops';
import { getBoard } from '../../api/workshops';
import { useAsync, type AsyncResult } from '../../api/useAsync';
import { useRefreshWhileVisible } from '../../components/useRefreshWhileVisible';
import { useWorkshopPush } from '../workshopPush';

/** Progress figures change without a state change (typing), so the board is also polled. */
export const BOARD_REFRESH_MS = 5000;

/** The board of workshop `workshopId`; `revision` is the live state's, a change of which refreshes it. */
export function useBoard(workshopId: string, revision: number): AsyncResult<BoardParticipant[]> {
  const board = useAsync(`board:${workshopId}`, (signal) => getBoard(workshopId, signal));
  const { refresh } = board;
  useRefreshWhileVisible(refresh, BOARD_REFRESH_MS);
  // Someone came or went: the presence dots change at once, not at the next poll.
  useWorkshopPush(workshopId, 'board', refresh);
  const seenRevision = useRef(revision);
  useEffect(() => {
    // The first load is useAsync's own; only later revisions need a re-read.
    if (seenRevision.current === revision) return;
    seenRevision.current = revision;
    refresh();
  }, [revision, refresh]);
  return board;
}
