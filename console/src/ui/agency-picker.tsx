import { useState } from 'preact/hooks';
import { AgenciesQuery } from '../api/operations';
import { useDebounced } from '../api/use-debounced';
import { useQuery } from '../api/use-query';
import { SearchBox } from './search-box';
import { useT, type TextKey } from '../i18n';
import { ErrorNote } from './error-note';

/**
 * Finds a connected agency in the directory as the person types ("pontia" finds Kota Pontianak),
 * then one of its units; the choice is submitted as agencyId and unitId.
 */
export function AgencyPicker({ exclude }: { exclude?: string | null }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const asked = useDebounced(search.trim());
  const [chosen, setChosen] = useState<string | null>(null);
  const answer = useQuery(AgenciesQuery, {
    filter: { search: asked || null, connected: true },
    first: 8,
    after: null,
  });
  const agencies = (answer.data?.agencies.edges ?? [])
    .map((edge) => edge.node)
    .filter((agency) => agency.id !== exclude);
  const agency = agencies.find((candidate) => candidate.id === chosen);
  return (
    <fieldset class="picker">
      <legend>{t('agency')}</legend>
      <SearchBox label="findAgency" value={search} onChange={setSearch} />
      <ErrorNote error={answer.error} />
      <div role="radiogroup" aria-label={t('agencies')} class="choices">
        {agencies.map((candidate) => (
          <label key={candidate.id}>
            <input
              type="radio"
              name="agencyId"
              value={candidate.id}
              required
              checked={candidate.id === chosen}
              onChange={() => setChosen(candidate.id)}
            />{' '}
            {candidate.name} <small class="muted">{t(`agencyType.${candidate.type}` as TextKey)}</small>
          </label>
        ))}
        {answer.data && agencies.length === 0 ? <p class="empty">{t('noAgencies')}</p> : null}
      </div>
      {agency && agency.units.length > 0 ? (
        <label class="field">
          <span>{t('unit')}</span>
          <select name="unitId">
            <option value="">{t('wholeAgency')}</option>
            {agency.units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}
