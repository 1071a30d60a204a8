/** The dashboard toolbar: search titles and facilities, filter by status, choose the order. */
import { useId } from 'react';
import { LETTER_STATUSES, STATUS_LABEL } from '../../../shared/letters';
import type { LetterFilters as Filters } from './useLetterFilters';

/** The filter controls; every change lands in the URL through `filters`. */
export function LetterFilters({ filters }: { filters: Filters }) {
  const searchId = useId();
  const statusId = useId();
  const sortId = useId();
  return (
    <form className="letter-filters" role="search" aria-label="Find letters" onSubmit={(event) => event.preventDefault()}>
      <div className="letter-filters__field letter-filters__search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          value={filters.searchText}
          placeholder="Title or facility"
          autoComplete="off"
          onChange={(event) => filters.setSearchText(event.target.value)}
        />
      </div>
      <div className="letter-filters__field">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={filters.query.status ?? ''}
          onChange={(event) => filters.setStatus(LETTER_STATUSES.find((status) => status === event.target.value))}
        >
          <option value="">All statuses</option>
          {LETTER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="letter-filters__field">
        <label htmlFor={sortId}>Sort by</label>
        <select
          id={sortId}
          value={filters.query.sort}
          onChange={(event) => filters.setSort(event.target.value === 'deadline' ? 'deadline' : 'updated')}
        >
          <option value="updated">Last edited</option>
          <option value="deadline">Deadline, soonest first</option>
        </select>
      </div>
      {filters.filtered && (
        <button type="button" className="link-button letter-filters__clear" onClick={filters.clear}>
          Clear filters
        </button>
      )}
    </form>
  );
}
