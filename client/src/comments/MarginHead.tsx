/** The margin's heading and its filter (open, resolved, all), each option with its count. */
import { useId } from 'react';
import { THREAD_FILTERS, type ThreadFilter } from '../../../shared/comments';

const FILTER_LABEL: Record<ThreadFilter, string> = { open: 'Open', resolved: 'Resolved', all: 'All' };

/** Props of MarginHead. */
export interface MarginHeadProps {
  headingId: string;
  filter: ThreadFilter;
  counts: Record<ThreadFilter, number>;
  onFilter(filter: ThreadFilter): void;
}

/** "Comments", and the labelled "Show" select. */
export function MarginHead({ headingId, filter, counts, onFilter }: MarginHeadProps) {
  const filterId = useId();
  return (
    <div className="comment-margin__head">
      <h2 className="side-title" id={headingId}>
        Comments
      </h2>
      <div className="comment-margin__filter">
        <label htmlFor={filterId}>Show</label>
        <select id={filterId} value={filter} onChange={(event) => onFilter(THREAD_FILTERS.find((value) => value === event.target.value) ?? 'open')}>
          {THREAD_FILTERS.map((value) => (
            <option key={value} value={value}>
              {FILTER_LABEL[value]} ({counts[value]})
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
