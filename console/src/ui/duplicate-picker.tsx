import { useState } from 'preact/hooks';
import { ReportsQuery } from '../api/operations';
import { useDebounced } from '../api/use-debounced';
import { useQuery } from '../api/use-query';
import { SearchBox } from './search-box';
import { useT } from '../i18n';

/** For a rejection as a duplicate: search the reports (full text) and choose the original, submitted as duplicateOf. */
export function DuplicatePicker({ exclude }: { exclude: string }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const asked = useDebounced(search.trim());
  const answer = useQuery(ReportsQuery, asked ? { filter: { search: asked }, first: 5 } : null);
  const found = (answer.data?.reports.edges ?? []).filter((edge) => edge.node.trackingId !== exclude);
  return (
    <fieldset class="picker">
      <legend>{t('duplicateOf')}</legend>
      <SearchBox label="findOriginal" value={search} onChange={setSearch} />
      <div role="radiogroup" aria-label={t('duplicateOf')} class="choices">
        {found.map(({ node }) => (
          <label key={node.id}>
            <input type="radio" name="duplicateOf" value={node.trackingId} /> <strong>{node.trackingId}</strong>{' '}
            {node.title}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
