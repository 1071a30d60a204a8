/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page behind inert and
 * closes on Escape. We add focus return to the opener, which not every browser does yet.
 */
import { useEffect, useRef, type ReactNode } from 'react';

/** Props of Modal. */
export interface ModalProps {
  open: boolean;
  /** Called when the dialog closes by Escape, a close button or the backdrop. */
  onClose(): void;
  /** The dialog's heading; also its accessible name. */
  title: string;
  /** A wider dialog for tables and lists. */
  wide?: boolean;
  testId?: string;
  children: ReactNode;
}

/** The modal dialog. Children are mounted only while it is open, so forms start fresh each time. */
export function Modal({ open, onClose, title, wide = false, testId, children }: ModalProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
    if (!open && openerRef.current instanceof HTMLElement && openerRef.current.isConnected) {
      openerRef.current.focus();
      openerRef.current = null;
    }
  }, [open]);

  const titleId = `${testId ?? 'dialog'}-title`;
  return (
    <dialog
      ref={dialogRef}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, never on its padded content.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="dialog__close" aria-label="Close" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {open && children}
    </dialog>
  );
}
