/**
 * The small menu of case fields that `{` and the toolbar's "Insert case field" open at the caret:
 * a combobox where the writer types the field's name (words anywhere in the label; Space is just a
 * space), the arrow keys choose, Enter or Tab inserts and Escape closes.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { CaseField } from '../../../shared/caseDetails';
import { matchCaseFields } from './caseFieldMatch';
import { placeholderDisplay, useCaseView } from './caseView';

/** Props of CaseFieldMenu. */
export interface CaseFieldMenuProps {
  /** Where to show it, relative to the editor's box. */
  position: { top: number; left: number };
  onPick(field: CaseField): void;
  /** Escape (or Backspace with nothing typed): close; `query` is what was typed, for the `{` trigger to type back. */
  onCancel(query: string, erased: boolean): void;
  /** Focus went elsewhere (a click outside): close without doing anything. */
  onDismiss(): void;
}

/** The menu; its search box takes focus when it opens and gives it back through the callbacks. */
export function CaseFieldMenu({ position, onPick, onCancel, onDismiss }: CaseFieldMenuProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const view = useCaseView();
  const id = useId();
  const optionId = (index: number) => `${id}-option-${index}`;
  const matches = matchCaseFields(query);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  function pickAt(index: number) {
    const field = matches[index];
    if (field) onPick(field.key);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const last = matches.length - 1;
    const move = (index: number) => {
      event.preventDefault();
      setActive(index);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(current >= last ? 0 : current + 1);
      case 'ArrowUp':
        return move(current <= 0 ? Math.max(0, last) : current - 1);
      case 'Enter':
      case 'Tab':
        // With nothing matching, Tab leaves as usual; Enter waits for a query that matches.
        if (matches.length === 0 && event.key === 'Tab') return onDismiss();
        event.preventDefault();
        return pickAt(current);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return onCancel(query, false);
      case 'Backspace':
        if (query === '') {
          // Erasing past the start of the query erases the `{` that opened the menu.
          event.preventDefault();
          return onCancel('', true);
        }
    }
  }

  return (
    <div
      className="case-menu"
      style={{ top: position.top, left: position.left }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) onDismiss();
      }}
    >
      <p className="case-menu__title" id={`${id}-title`}>
        Insert case field
      </p>
      <div className="case-menu__search">
        <span className="case-menu__brace" aria-hidden="true">
          {'{'}
        </span>
        <input
          ref={inputRef}
          className="case-menu__input"
          type="text"
          role="combobox"
          aria-label="Case field name"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={matches.length > 0 ? optionId(current) : undefined}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={handleKeyDown}
        />
      </div>
      <ul id={`${id}-list`} className="case-menu__list" role="listbox" aria-labelledby={`${id}-title`}>
        {matches.map((field, index) => {
          const display = placeholderDisplay(view, field.key);
          return (
            <li
              key={field.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className="case-menu__option"
              // Keeps focus in the search box, so the click below still knows where to insert.
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
      {matches.length === 0 && (
        <p className="case-menu__empty" role="status">
          No case field matches “{query}”
        </p>
      )}
      <p className="case-menu__help" aria-hidden="true">
        Type a name · ↑↓ choose · Enter insert · Esc close
      </p>
    </div>
  );
}
