import { CategoriesQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { useT } from '../i18n';
import { Field } from './action-form';

/** The two-level taxonomy as grouped options: the parent categories as groups, their children to choose. */
export function CategorySelect({ name, value, optional }: { name: string; value?: string | null; optional?: boolean }) {
  const t = useT();
  const { data } = useQuery(CategoriesQuery, {});
  const categories = data?.categories ?? [];
  const parents = categories.filter((category) => !category.parentCode);
  return (
    <Field label="category">
      <select name={name} defaultValue={value ?? ''} required={!optional} key={categories.length}>
        <option value="">{t('choose')}</option>
        {parents.map((parent) => (
          <optgroup key={parent.code} label={parent.name}>
            <option value={parent.code}>{parent.name}</option>
            {categories
              .filter((child) => child.parentCode === parent.code)
              .map((child) => (
                <option key={child.code} value={child.code}>
                  {child.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </Field>
  );
}
