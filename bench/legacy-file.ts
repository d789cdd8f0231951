import { rng } from './lifecycle-generator.js';

/**
 * A legacy system's export in the import format (docs/import.md), made up and reproducible: two
 * categories, one agency with a unit, then `cases` cases over 2019-2022 in four histories (accepted,
 * in follow-up, not yet followed up, rejected), about seven events each.
 */
export function* legacyLines({ cases, seed = 1 }: { cases: number; seed?: number }): Generator<string> {
  const random = rng(seed);
  yield JSON.stringify({ record: 'category', code: 'layanan-publik', name: 'Layanan Publik' });
  yield JSON.stringify({ record: 'category', code: 'jalan', name: 'Jalan', parent: 'layanan-publik' });
  yield JSON.stringify({
    record: 'agency',
    id: 'kota',
    name: 'Pemerintah Kota Contoh',
    type: 'CITY',
    regionCode: '61.71',
    units: [{ id: 'pupr', name: 'Dinas PUPR' }],
    connections: [{ from: '2018-01-02', decree: 'SK 1/2018' }],
  });
  const start = Date.parse('2019-01-01T01:00:00Z');
  const span = Date.parse('2022-12-01T00:00:00Z') - start;
  for (let n = 1; n <= cases; n++) {
    let at = start + Math.floor(random() * span);
    const next = (hours: number) => new Date((at += Math.floor((0.5 + random()) * hours * 3_600_000))).toISOString();
    const submittedAt = new Date(at).toISOString();
    const history = n % 10;
    const steps: object[] = [];
    if (history === 9) steps.push({ step: 'rejected', at: next(20), reason: 'TOO_GENERAL', text: 'Kurang rinci' });
    else {
      steps.push({ step: 'verified', at: next(20), category: 'jalan' });
      steps.push({ step: 'dispositioned', at: next(2), agency: 'kota', unit: 'pupr' });
      if (history < 8) {
        steps.push({ step: 'follow_up_started', at: next(40) });
        steps.push({ step: 'follow_up', at: next(30), message: 'Tim meninjau lokasi.' });
        if (history < 6) {
          steps.push({ step: 'resolved', at: next(100), message: 'Sudah diperbaiki.' });
          if (history < 4) steps.push({ step: 'accepted', at: next(30), rating: 1 + (n % 5) });
        }
      }
    }
    yield JSON.stringify({
      record: 'case',
      id: `CASE-${n}`,
      submitted: {
        at: submittedAt,
        channel: n % 3 === 0 ? 'SMS' : 'MOBILE_APP',
        title: `Jalan rusak nomor ${n}`,
        description: `Laporan warga nomor ${n} dari sistem lama: jalan berlubang di depan rumah.`,
        location: { regionCode: '61.71' },
        reporter: { id: `warga-${n % 500}`, name: `Warga ${n % 500}` },
      },
      steps,
    });
  }
}
