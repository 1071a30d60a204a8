/**
 * The small menu of case fields that `{` and the toolbar's "Insert case field" open at the caret:
 * a listbox driven by the arrow keys, Home/End, type-ahead, Enter and Escape.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { CASE_FIELDS, type CaseField } from '../../../shared/caseDetails';
import { placeholderDisplay, useCaseView } from './caseView';

/** Props of CaseFieldMenu. */
export interface CaseFieldMenuProps {
  /** Where to show it, relative to the editor's box. */
  position: { top: number; left: number };
  onPick(field: CaseField): void;
  /** Escape: close (the `{` trigger then types a plain brace). */
  onCancel(): void;
  /** Focus went elsewhere (Tab, a click outside): close without doing anything. */
  onDismiss(): void;
}

/** The menu; it takes focus when it opens and gives it back through its callbacks. */
export function CaseFieldMenu({ position, onPick, onCancel, onDismiss }: CaseFieldMenuProps) {
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const view = useCaseView();
  const id = useId();
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    listRef.current?.focus();
  }, []);

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  function pickAt(index: number) {
    const field = CASE_FIELDS[index];
    if (field) onPick(field.key);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const last = CASE_FIELDS.length - 1;
    const move = (index: number) => {
      event.preventDefault();
      setActive(index);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(active >= last ? 0 : active + 1);
      case 'ArrowUp':
        return move(active <= 0 ? last : active - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(last);
      case 'Enter':
      case ' ':
        event.preventDefault();
        return pickAt(active);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return onCancel();
      case 'Tab':
        event.preventDefault();
        return onDismiss();
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          // Type-ahead: the next field whose label starts with the letter typed.
          const wanted = event.key.toLowerCase();
          for (let step = 1; step <= CASE_FIELDS.length; step += 1) {
            const index = (active + step) % CASE_FIELDS.length;
            if (CASE_FIELDS[index]?.label.toLowerCase().startsWith(wanted)) return move(index);
          }
        }
    }
  }

  return (
    <div className="case-menu" style={{ top: position.top, left: position.left }}>
      <p className="case-menu__title" id={`${id}-title`}>
        Insert case field
      </p>
      <ul
        ref={listRef}
        className="case-menu__list"
        role="listbox"
        tabIndex={0}
        aria-labelledby={`${id}-title`}
        aria-activedescendant={optionId(active)}
        onKeyDown={handleKeyDown}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) onDismiss();
        }}
      >
        {CASE_FIELDS.map((field, index) => {
          const display = placeholderDisplay(view, field.key);
          return (
            <li
              key={field.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="case-menu__option"
              // Keeps focus in the list, so the click below still knows where to insert.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pickAt(index)}
            >
              <span className="case-menu__label">{field.label}</span>
              {!display.empty && <span className="case-menu__value">{display.text}</span>}
            </li>
          );
        })}
      </ul>
      <p className="case-menu__help" aria-hidden="true">
        ↑↓ choose · Enter insert · Esc close
      </p>
    </div>
  );
}
