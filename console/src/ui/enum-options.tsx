import { useT, type TextKey } from '../i18n';

/** The options of a select over one of the schema's enums, each value in the reader's language; `any` first when given. */
export function EnumOptions({ values, prefix, any }: { values: readonly string[]; prefix: string; any?: boolean }) {
  const t = useT();
  return (
    <>
      {any ? <option value="">{t('any')}</option> : null}
      {values.map((value) => (
        <option key={value} value={value}>
          {t(`${prefix}.${value}` as TextKey)}
        </option>
      ))}
    </>
  );
}
