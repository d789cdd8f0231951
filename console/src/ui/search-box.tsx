import { useT, type TextKey } from '../i18n';

/** A search field that answers as the person types (the pickers' lists follow it). */
export function SearchBox({
  label,
  value,
  onChange,
}: {
  label: TextKey;
  value: string;
  onChange(value: string): void;
}) {
  const t = useT();
  return (
    <label class="field">
      <span>{t(label)}</span>
      <input type="search" value={value} onInput={(event) => onChange(event.currentTarget.value)} autocomplete="off" />
    </label>
  );
}
