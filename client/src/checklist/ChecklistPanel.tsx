/**
 * The letter's checklist beside the editor: items grouped by section, live ticks with who and when,
 * content-based hints on unticked items, and, for owners, adding, rewording, reordering and removing.
 */
import { useState } from 'react';
import type { ChecklistItem } from '../../../shared/checklist';
import type { LetterRole } from '../../../shared/roles';
import { can } from '../../../shared/roles';
import type { LetterTemplate } from '../../../shared/templates';
import { addChecklistItem, removeChecklistItem, updateChecklistItem } from '../api/checklist';
import { errorMessage } from '../components/errorMessage';
import { useSignedIn } from '../session/SessionContext';
import type { LiveResource } from '../sync/useLiveResource';
import { AddItemForm } from './AddItemForm';
import { ChecklistItemRow } from './ChecklistItemRow';
import { focusGroups, groupChecklist, sectionLabel } from './groups';
import { itemHints, type LetterAnalysis } from './suggestions';

/** Props of ChecklistPanel. */
export interface ChecklistPanelProps {
  letterId: string;
  role: LetterRole;
  /** The letter is sent: the checklist is shown as it was, until an owner reopens the letter. */
  frozen: boolean;
  checklist: LiveResource<ChecklistItem[]>;
  template: LetterTemplate | null;
  /** The letter read for hints; null until the editor exists. */
  analysis: LetterAnalysis | null;
  /** Shows the section with this heading in the editor. */
  onGoToSection(heading: string): void;
  /** Section keys to show at first, with a "Show all" toggle (a workshop step's focus); empty or absent: all. */
  focusSections?: readonly string[];
}

/** The panel. */
export function ChecklistPanel({ letterId, role, frozen, checklist, template, analysis, onGoToSection, focusSections = [] }: ChecklistPanelProps) {
  const { user } = useSignedIn();
  const [editing, setEditing] = useState(false);
  // "Show all" holds for the focus it was chosen in; the next step's focus applies again.
  const focusKey = focusSections.join(' ');
  const [showAllFor, setShowAllFor] = useState<string | null>(null);
  const focusing = focusKey !== '' && showAllFor !== focusKey;
  const isOwner = !frozen && can(role, 'editChecklist');
  const mayTick = !frozen && can(role, 'tickChecklist');
  const { state } = checklist;

  if (state.status === 'loading') return <p className="muted panel-state">Loading the checklist…</p>;
  if (state.status === 'error') {
    return (
      <div className="notice notice--error panel-state" role="alert">
        <p>Could not load the checklist. {errorMessage(state.error)}</p>
        <button type="button" className="button button--small" onClick={checklist.retry}>
          Try again
        </button>
      </div>
    );
  }
  const items = state.value;
  const allGroups = groupChecklist(items, template);
  const groups = focusing ? focusGroups(allGroups, focusSections) : allGroups;
  const done = items.filter((item) => item.tickedBy).length;

  const replaceItem = (updated: ChecklistItem) => checklist.replace(items.map((item) => (item.id === updated.id ? updated : item)));

  async function handleTick(item: ChecklistItem, ticked: boolean) {
    // Shown at once; the server's answer (and the live refetch) then carry the real name and time.
    replaceItem({ ...item, tickedBy: ticked ? { userId: user.id, name: user.name } : null, tickedAt: ticked ? new Date().toISOString() : null });
    try {
      replaceItem(await updateChecklistItem(letterId, item.id, { ticked }));
    } catch (cause) {
      replaceItem(item);
      throw cause;
    }
  }

  async function handleMove(group: ChecklistItem[], index: number, direction: -1 | 1) {
    const item = group[index];
    const neighbour = group[index + direction];
    if (!item || !neighbour) return;
    // The server moves an item to an index of the whole list (renumbering the rest): the
    // neighbour's index puts it just before (up) or just after (down) the neighbour.
    const ordered = [...items].sort((a, b) => a.position - b.position);
    const target = ordered.findIndex((other) => other.id === neighbour.id);
    await updateChecklistItem(letterId, item.id, { position: target });
    checklist.refresh();
  }

  return (
    <section className="checklist" aria-labelledby="checklist-title" data-testid="checklist">
      <div className="panel-head">
        <h2 className="side-title" id="checklist-title">
          Checklist <span className="count" data-testid="checklist-progress">{`${done}/${items.length}`}</span>
        </h2>
        {isOwner && (
          <button type="button" className="link-button" aria-pressed={editing} onClick={() => setEditing((on) => !on)}>
            {editing ? 'Done editing' : 'Edit list'}
          </button>
        )}
      </div>
      {focusKey !== '' && (
        <div className="checklist-focus" data-testid="checklist-focus">
          <p className="muted panel-note">
            {focusing
              ? `This step: ${focusSections.map((key) => sectionLabel(key, template)).join(', ')}.`
              : 'Showing every section.'}
          </p>
          <button type="button" className="link-button" aria-pressed={!focusing} onClick={() => setShowAllFor(focusing ? focusKey : null)}>
            Show all
          </button>
        </div>
      )}
      {focusing && items.length > 0 && groups.length === 0 && <p className="muted panel-state">No checklist items for this step's sections.</p>}
      {frozen ? (
        <p className="muted panel-note">The letter was sent: its checklist is kept as it was until an owner reopens it.</p>
      ) : (
        !mayTick && <p className="muted panel-note">You can see the checklist; commenters, editors and owners tick it.</p>
      )}
      {items.length === 0 && <p className="muted panel-state">No items. {isOwner ? 'Add the checks this letter needs.' : ''}</p>}
      {checklist.state.status === 'ready' && checklist.state.staleBecause !== null && (
        <p className="field-error" role="status">
          Could not refresh the checklist; it may be out of date.
        </p>
      )}
      {groups.map((group) => (
        <section key={group.key} className="check-group" aria-label={group.label}>
          <h3 className="check-group__title">{group.label}</h3>
          <ul className="check-group__items">
            {group.items.map((item, index) => (
              <ChecklistItemRow
                key={item.id}
                item={item}
                hints={analysis ? itemHints(item, analysis) : []}
                mayTick={mayTick}
                editing={editing && isOwner}
                isFirst={index === 0}
                isLast={index === group.items.length - 1}
                canGoToSection={group.heading !== null}
                onGoToSection={() => group.heading && onGoToSection(group.heading)}
                onTick={(ticked) => handleTick(item, ticked)}
                onReword={async (text) => replaceItem(await updateChecklistItem(letterId, item.id, { text }))}
                onMove={(direction) => handleMove(group.items, index, direction)}
                onRemove={async () => {
                  await removeChecklistItem(letterId, item.id);
                  checklist.replace(items.filter((other) => other.id !== item.id));
                }}
              />
            ))}
          </ul>
        </section>
      ))}
      {editing && isOwner && (
        <AddItemForm
          template={template}
          onAdd={async (sectionKey, text) => {
            const added = await addChecklistItem(letterId, sectionKey, text);
            checklist.replace([...items, added]);
          }}
        />
      )}
    </section>
  );
}
