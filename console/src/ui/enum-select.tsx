import type { TextKey } from '../i18n';
import { Field } from './action-form';
import { EnumOptions } from './enum-options';

/** A select over one of the schema's enums, each value in the reader's language. */
export function EnumSelect({
  name,
  label,
  values,
  prefix,
  value,
}: {
  name: string;
  label: TextKey;
  values: readonly string[];
  prefix: string;
  value?: string | null;
}) {
  return (
    <Field label={label}>
      <select name={name} defaultValue={value ?? values[0]} required>
        <EnumOptions values={values} prefix={prefix} />
      </select>
    </Field>
  );
}
