/** The letter's sections beside the editor: each one's checklist progress and whether it is still empty. */
import type { ChecklistItem } from '../../../shared/checklist';
import type { LetterTemplate } from '../../../shared/templates';
import { progressBySection } from './groups';
import type { LetterAnalysis } from './suggestions';

/** Props of SectionOutline. */
export interface SectionOutlineProps {
  template: LetterTemplate;
  /** The checklist, or null while it loads (progress is then left out). */
  items: readonly ChecklistItem[] | null;
  analysis: LetterAnalysis | null;
  onGoToSection(heading: string): void;
}

/** The outline: one button per template section. */
export function SectionOutline({ template, items, analysis, onGoToSection }: SectionOutlineProps) {
  const progress = items ? progressBySection(items) : null;
  return (
    <nav className="outline" aria-labelledby="outline-title" data-testid="section-outline">
      <h2 className="side-title" id="outline-title">
        Sections
      </h2>
      <ol className="outline__list">
        {template.sections.map((section) => {
          const content = analysis?.sections.get(section.key);
          const counts = progress?.get(section.key);
          const state = !content ? 'unknown' : !content.found ? 'missing' : content.empty ? 'empty' : 'written';
          const complete = counts !== undefined && counts.ticked === counts.total;
          return (
            <li key={section.key} data-section={section.key} data-state={state}>
              <button
                type="button"
                className={`outline__item outline__item--${state}`}
                disabled={state === 'missing'}
                onClick={() => onGoToSection(section.heading)}
              >
                <span className="outline__heading">{section.heading}</span>
                <span className="outline__meta">
                  {state === 'empty' && <span className="outline__badge">empty</span>}
                  {state === 'missing' && <span className="outline__badge">heading removed</span>}
                  {counts && (
                    <span
                      className={`outline__progress${complete ? ' outline__progress--done' : ''}`}
                      aria-label={`${counts.ticked} of ${counts.total} checklist items ticked`}
                      data-testid="outline-progress"
                    >
                      {counts.ticked}/{counts.total}
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
