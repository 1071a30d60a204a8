/**
 * A letter body (ProseMirror JSON) or a comparison of two, rendered read-only with the editor's own
 * classes so it looks like the letter. Every piece of text is a React text node: nothing from a
 * document is ever parsed as HTML, and links are shown, not followed.
 */
import { Fragment, type ReactNode } from 'react';
import { CASE_FIELDS } from '../../../shared/caseDetails';
import { isCaseField } from '../../../shared/editor';
import { placeholderDisplay, type CaseView } from '../editor/caseView';
import type { Change, DiffBlock, DiffInline } from './diff';
import { headingLevel, type PmMark, type PmNode } from './pmJson';

/** Props of LetterContent. */
export interface LetterContentProps {
  /** A `doc` node to show as it is. */
  doc?: PmNode;
  /** Or the blocks of a comparison, shown with insertions and deletions marked. */
  diff?: readonly DiffBlock[];
  /** What case-field placeholders show: values, labels, or masks in the de-identified view. */
  caseView: CaseView;
  /** The accessible name of the text, e.g. "Version “v1”". */
  label: string;
}

/** The read-only "paper". */
export function LetterContent({ doc, diff, caseView, label }: LetterContentProps) {
  const content = diff ? renderDiffBlocks(diff, caseView) : renderBlocks(doc?.content ?? [], caseView, 'equal');
  return (
    <div className="paper version-paper">
      <div className="letter-body letter-body--version" role="document" aria-label={label}>
        {content}
      </div>
    </div>
  );
}

/** The class a whole inserted or deleted block carries (a bar in the margin). */
function blockClass(change: Change, extra?: string): string | undefined {
  const classes = [change === 'equal' ? '' : `diff-block diff-block--${change}`, extra ?? ''].filter(Boolean).join(' ');
  return classes || undefined;
}

function renderBlocks(nodes: readonly PmNode[], view: CaseView, change: Change): ReactNode[] {
  return nodes.map((node, index) => renderBlock(node, view, change, index));
}

/** One block node; `change` marks all its text (a block that exists on one side only). */
function renderBlock(node: PmNode, view: CaseView, change: Change, key: number, className?: string): ReactNode {
  const children = node.content ?? [];
  const cls = blockClass(change, className);
  switch (node.type) {
    case 'heading': {
      const Tag = `h${headingLevel(node)}` as const;
      return (
        <Tag key={key} className={cls}>
          {renderInlines(children, view, change)}
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p key={key} className={cls}>
          {renderInlines(children, view, change)}
        </p>
      );
    case 'codeBlock':
      return (
        <pre key={key} className={cls}>
          <code>{renderInlines(children, view, change)}</code>
        </pre>
      );
    case 'bulletList':
      return (
        <ul key={key} className={cls}>
          {renderBlocks(children, view, change)}
        </ul>
      );
    case 'orderedList':
      return (
        <ol key={key} className={cls} start={orderedStart(node)}>
          {renderBlocks(children, view, change)}
        </ol>
      );
    case 'listItem':
      return (
        <li key={key} className={cls}>
          {renderBlocks(children, view, change)}
        </li>
      );
    case 'blockquote':
      return (
        <blockquote key={key} className={cls}>
          {renderBlocks(children, view, change)}
        </blockquote>
      );
    case 'horizontalRule':
      return <hr key={key} className={cls} />;
    default:
      // A node this view does not know (a newer schema): its content, in a neutral box.
      return (
        <div key={key} className={cls}>
          {children.some((child) => child.type === 'text') ? renderInlines(children, view, change) : renderBlocks(children, view, change)}
        </div>
      );
  }
}

function orderedStart(node: PmNode): number | undefined {
  const start = Number(node.attrs?.start);
  return Number.isFinite(start) && start !== 1 ? start : undefined;
}

/** A block's inline content; a block on one side only has all of it in one <ins> or <del>. */
function renderInlines(nodes: readonly PmNode[], view: CaseView, change: Change): ReactNode {
  const content = nodes.map((node, index) => <Fragment key={index}>{renderInline(node, view)}</Fragment>);
  return wrapChange(content, change, 0);
}

/** Text with its marks, a placeholder chip, or a line break. */
function renderInline(node: PmNode, view: CaseView): ReactNode {
  if (node.type === 'text') return withMarks(node.text ?? '', node.marks ?? []);
  if (node.type === 'hardBreak') return <br />;
  if (node.type === 'caseField') return withMarks(<CaseFieldChip field={node.attrs?.field} view={view} />, node.marks ?? []);
  return withMarks(node.text ?? '', node.marks ?? []);
}

/** Wraps inserted text in <ins> and deleted text in <del>; unchanged text is left as it is. */
function wrapChange(content: ReactNode, change: Change, key: number): ReactNode {
  if (change === 'inserted') return <ins key={key}>{content}</ins>;
  if (change === 'deleted') return <del key={key}>{content}</del>;
  return <Fragment key={key}>{content}</Fragment>;
}

function withMarks(content: ReactNode, marks: readonly PmMark[]): ReactNode {
  return marks.reduce<ReactNode>((inner, mark) => {
    switch (mark.type) {
      case 'bold':
        return <strong>{inner}</strong>;
      case 'italic':
        return <em>{inner}</em>;
      case 'underline':
        return <u>{inner}</u>;
      case 'strike':
        return <s>{inner}</s>;
      case 'code':
        return <code>{inner}</code>;
      case 'link': {
        const href = mark.attrs?.href;
        return (
          <span className="version-link" title={typeof href === 'string' ? href : undefined}>
            {inner}
          </span>
        );
      }
      default:
        return inner;
    }
  }, content);
}

/** A case-field placeholder as the editor shows it: value, label when empty, or mask. */
function CaseFieldChip({ field, view }: { field: unknown; view: CaseView }) {
  const key = isCaseField(field) ? field : 'fullName';
  const label = CASE_FIELDS.find((candidate) => candidate.key === key)?.label ?? key;
  const display = placeholderDisplay(view, key);
  const state = display.masked ? 'masked' : display.empty ? 'empty' : 'filled';
  return (
    <span
      className={`case-field case-field--${state}`}
      data-case-field={key}
      title={display.masked ? `${label} (hidden in the de-identified view)` : display.empty ? `${label}: not filled in yet` : label}
    >
      {display.text}
    </span>
  );
}

function renderDiffBlocks(blocks: readonly DiffBlock[], view: CaseView): ReactNode[] {
  return blocks.map((block, index) => renderDiffBlock(block, view, index));
}

function renderDiffBlock(block: DiffBlock, view: CaseView, key: number): ReactNode {
  switch (block.kind) {
    case 'whole':
      return renderBlock(block.node, view, block.change, key);
    case 'text':
      return renderChangedTextblock(block.node, block.inlines, block.formatChanged, view, key);
    case 'container':
      return renderContainer(block.node, block.children, view, key);
  }
}

/** A paragraph or heading whose words changed: the newer block's kind, the compared words inside. */
function renderChangedTextblock(node: PmNode, inlines: readonly DiffInline[], formatChanged: boolean, view: CaseView, key: number): ReactNode {
  const content = groupByChange(inlines).map((run, index) =>
    wrapChange(
      run.pieces.map((piece, at) => (
        <Fragment key={at}>{piece.kind === 'text' ? withMarks(piece.text, piece.marks) : renderInline(piece.node, view)}</Fragment>
      )),
      run.change,
      index,
    ),
  );
  const className = formatChanged ? 'diff-block diff-block--formatted' : undefined;
  const title = formatChanged ? 'Formatting changed' : undefined;
  if (node.type === 'heading') {
    const Tag = `h${headingLevel(node)}` as const;
    return (
      <Tag key={key} className={className} title={title}>
        {content}
      </Tag>
    );
  }
  if (node.type === 'codeBlock') {
    return (
      <pre key={key} className={className} title={title}>
        <code>{content}</code>
      </pre>
    );
  }
  return (
    <p key={key} className={className} title={title}>
      {content}
    </p>
  );
}

/** Consecutive pieces with the same change, so each stretch is one <ins> or <del>. */
function groupByChange(inlines: readonly DiffInline[]): { change: Change; pieces: DiffInline[] }[] {
  const runs: { change: Change; pieces: DiffInline[] }[] = [];
  for (const piece of inlines) {
    const last = runs.at(-1);
    if (last && last.change === piece.change) last.pieces.push(piece);
    else runs.push({ change: piece.change, pieces: [piece] });
  }
  return runs;
}

/** A list, list item or quote whose children changed. */
function renderContainer(node: PmNode, children: readonly DiffBlock[], view: CaseView, key: number): ReactNode {
  const content = renderDiffBlocks(children, view);
  switch (node.type) {
    case 'bulletList':
      return <ul key={key}>{content}</ul>;
    case 'orderedList':
      return (
        <ol key={key} start={orderedStart(node)}>
          {content}
        </ol>
      );
    case 'listItem':
      return <li key={key}>{content}</li>;
    case 'blockquote':
      return <blockquote key={key}>{content}</blockquote>;
    default:
      return <div key={key}>{content}</div>;
  }
}
