/**
 * The tabs of the letter's side panel (checklist, case details, guide). Every panel stays mounted
 * while hidden, so a half-typed case field or checklist item survives switching tabs.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** One tab and its panel. */
export interface SidebarTab {
  key: string;
  label: ReactNode;
  panel: ReactNode;
}

/** Props of SidebarTabs. */
export interface SidebarTabsProps {
  label: string;
  tabs: readonly SidebarTab[];
  selected: string;
  onSelect(key: string): void;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs (automatic activation). */
export function SidebarTabs({ label, tabs, selected, onSelect }: SidebarTabsProps) {
  const id = useId();
  const refs = useRef(new Map<string, HTMLButtonElement>());

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.key === selected);
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index >= last ? 0 : index + 1) :
      event.key === 'ArrowLeft' ? (index <= 0 ? last : index - 1) :
      event.key === 'Home' ? 0 :
      event.key === 'End' ? last :
      null;
    const tab = target === null ? undefined : tabs[target];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.key);
    refs.current.get(tab.key)?.focus();
  }

  return (
    <div className="side-tabs">
      <div className="side-tabs__list" role="tablist" aria-label={label} onKeyDown={handleKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            ref={(element) => {
              if (element) refs.current.set(tab.key, element);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={tab.key === selected}
            aria-controls={`${id}-panel-${tab.key}`}
            tabIndex={tab.key === selected ? 0 : -1}
            className="side-tabs__tab"
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${id}-panel-${tab.key}`}
          aria-labelledby={`${id}-tab-${tab.key}`}
          hidden={tab.key !== selected}
          className="side-tabs__panel"
        >
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
