/** What each section of the letter's template is for: guidance beside the text, never in it. */
import { TEMPLATES, type LetterTemplate } from '../../../shared/templates';

/** The template with this id, if the client knows it. */
export function findTemplate(id: string): LetterTemplate | undefined {
  return Object.values(TEMPLATES).find((template) => template.id === id);
}

/** A collapsible list of the template's sections and their hints. */
export function SectionGuide({ templateId }: { templateId: string }) {
  const template = findTemplate(templateId);
  if (!template) return null;
  return (
    <details className="guide">
      <summary className="side-title">Section guide</summary>
      <p className="muted guide__intro">{template.name}</p>
      <ol className="guide__list">
        {template.sections.map((section) => (
          <li key={section.key}>
            <span className="guide__heading">{section.heading}</span>
            <span className="guide__hint">{section.hint}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
