import { useLang } from '../i18n';

/** Dates and times as the reader's language writes them, in WIB (Asia/Jakarta); to the second for audits. */
export function useFormat(seconds = false): Intl.DateTimeFormat {
  const { lang } = useLang();
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: seconds ? 'medium' : 'short',
    timeZone: 'Asia/Jakarta',
  });
}

export function formatInstant(instant: string | null | undefined, format: Intl.DateTimeFormat): string {
  return instant ? `${format.format(new Date(instant))} WIB` : '—';
}

/** A rate of 0..1 as a percentage, or a dash when there was nothing to compute it from. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The WIB calendar day of an instant, as YYYY-MM-DD. */
export function wibDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
