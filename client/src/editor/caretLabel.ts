/**
 * How a collaborator's caret looks: their colour and a label with their name and profession. Built
 * with DOM text nodes only, since every field comes from another client's awareness state.
 */
import { professionTag } from '../session/professions';
import { readProfession } from '../sync/presence';

/** The caret extension's `render`: `user` is that client's awareness user (colour already checked). */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : 'transparent';
  const name = typeof user.name === 'string' ? user.name : '';
  const tag = professionTag(readProfession(user.profession));

  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.append(document.createTextNode(name));
  if (tag) {
    const profession = document.createElement('span');
    profession.classList.add('collaboration-carets__profession');
    profession.textContent = ` · ${tag}`;
    label.append(profession);
  }
  caret.append(label);
  return caret;
}
