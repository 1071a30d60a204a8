/**
 * The client's case-field placeholder: the shared `CaseFieldNode` with a React node view that shows
 * the field's live value (its label when empty, a mask when de-identified).
 */
import { NodeViewWrapper, ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react';
import { CASE_FIELDS } from '../../../shared/caseDetails';
import { CaseFieldNode, isCaseField } from '../../../shared/editor';
import { placeholderDisplay, useCaseView } from './caseView';

/** One placeholder chip. */
export function CaseFieldView({ node, selected }: ReactNodeViewProps) {
  const view = useCaseView();
  const attr: unknown = node.attrs.field;
  const field = isCaseField(attr) ? attr : 'fullName';
  const label = CASE_FIELDS.find((candidate) => candidate.key === field)?.label ?? field;
  const display = placeholderDisplay(view, field);
  const state = display.masked ? 'masked' : display.empty ? 'empty' : 'filled';
  return (
    <NodeViewWrapper
      as="span"
      className={`case-field case-field--${state}${selected ? ' case-field--selected' : ''}`}
      data-case-field={field}
      data-state={state}
      title={display.masked ? `${label} (hidden in the de-identified view)` : display.empty ? `${label}: not filled in yet` : label}
    >
      {display.text}
    </NodeViewWrapper>
  );
}

/** `CaseFieldNode` rendered by CaseFieldView; replaces the plain node in the client's extension list. */
export const CaseFieldWithView = CaseFieldNode.extend({
  addNodeView() {
    return ReactNodeViewRenderer(CaseFieldView, { as: 'span', className: 'case-field-view' });
  },
});
