/**
 * The note on the editor of a sent (frozen) letter: when it was sent, and that reopening it allows
 * edits again. Worded apart from the heading's fuller "Sent on … to …" banner (the status helper's).
 */
import { useEffect, useState } from 'react';
import type { Letter } from '../../../shared/letters';
import { can } from '../../../shared/roles';
import { listSends } from '../api/letters';
import { formatDateTime } from '../components/formatDate';

/** Shown above the read-only text while the letter is sent. */
export function FrozenNote({ letter }: { letter: Letter }) {
  const [sentAt, setSentAt] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listSends(letter.id, controller.signal).then(
      (sends) => {
        const latest = sends.map((send) => send.sentAt).sort().at(-1);
        if (latest) setSentAt(latest);
      },
      () => {
        // Without the send record the note falls back to the letter's last change, which the send was.
      },
    );
    return () => controller.abort();
  }, [letter.id, letter.updatedAt]);

  return (
    <p className="frozen-note" data-testid="frozen-note">
      <strong>Sent {formatDateTime(sentAt ?? letter.updatedAt)}</strong>
      {' — '}
      {can(letter.role, 'changeStatus') ? 'reopen to edit.' : 'an owner can reopen it for editing.'}
    </p>
  );
}
