import type { AgencyEvent, AgencyType } from '../contexts/agencies/agency.js';
import { chain, type EventRow } from './lifecycle-generator.js';

/** One agency of a generated directory, as its events will say. */
export interface GeneratedAgency {
  agencyId: string;
  name: string;
  type: AgencyType;
  regionCode: string | null;
  parentId: string | null;
  /** When it was connected to the national system, or null if it is not. */
  connectedAt: string | null;
  units: { unitId: string; name: string }[];
  /** How many shares of the reports it receives: local governments and ministries more than their offices. */
  weight: number;
}

const PROVINCES: [string, string][] = [
  ['11', 'Aceh'],
  ['12', 'Sumatera Utara'],
  ['13', 'Sumatera Barat'],
  ['14', 'Riau'],
  ['15', 'Jambi'],
  ['16', 'Sumatera Selatan'],
  ['17', 'Bengkulu'],
  ['18', 'Lampung'],
  ['19', 'Kepulauan Bangka Belitung'],
  ['21', 'Kepulauan Riau'],
  ['31', 'DKI Jakarta'],
  ['32', 'Jawa Barat'],
  ['33', 'Jawa Tengah'],
  ['34', 'Daerah Istimewa Yogyakarta'],
  ['35', 'Jawa Timur'],
  ['36', 'Banten'],
  ['51', 'Bali'],
  ['52', 'Nusa Tenggara Barat'],
  ['53', 'Nusa Tenggara Timur'],
  ['61', 'Kalimantan Barat'],
  ['62', 'Kalimantan Tengah'],
  ['63', 'Kalimantan Selatan'],
  ['64', 'Kalimantan Timur'],
  ['65', 'Kalimantan Utara'],
  ['71', 'Sulawesi Utara'],
  ['72', 'Sulawesi Tengah'],
  ['73', 'Sulawesi Selatan'],
  ['74', 'Sulawesi Tenggara'],
  ['75', 'Gorontalo'],
  ['76', 'Sulawesi Barat'],
  ['81', 'Maluku'],
  ['82', 'Maluku Utara'],
  ['91', 'Papua'],
  ['92', 'Papua Barat'],
  ['93', 'Papua Selatan'],
  ['94', 'Papua Tengah'],
  ['95', 'Papua Pegunungan'],
  ['96', 'Papua Barat Daya'],
];

/** Cities (Kota) and regencies (Kabupaten) with their Kemendagri codes. */
const LOCAL: [string, 'Kota' | 'Kabupaten', string][] = [
  ['11.71', 'Kota', 'Banda Aceh'],
  ['11.72', 'Kota', 'Sabang'],
  ['11.06', 'Kabupaten', 'Aceh Besar'],
  ['12.71', 'Kota', 'Medan'],
  ['12.72', 'Kota', 'Pematangsiantar'],
  ['12.75', 'Kota', 'Binjai'],
  ['12.07', 'Kabupaten', 'Deli Serdang'],
  ['13.71', 'Kota', 'Padang'],
  ['13.72', 'Kota', 'Solok'],
  ['13.73', 'Kota', 'Sawahlunto'],
  ['13.74', 'Kota', 'Padang Panjang'],
  ['13.75', 'Kota', 'Bukittinggi'],
  ['13.76', 'Kota', 'Payakumbuh'],
  ['13.77', 'Kota', 'Pariaman'],
  ['13.03', 'Kabupaten', 'Solok'],
  ['13.05', 'Kabupaten', 'Tanah Datar'],
  ['13.06', 'Kabupaten', 'Agam'],
  ['13.07', 'Kabupaten', 'Padang Pariaman'],
  ['13.08', 'Kabupaten', 'Lima Puluh Kota'],
  ['14.71', 'Kota', 'Pekanbaru'],
  ['14.73', 'Kota', 'Dumai'],
  ['15.71', 'Kota', 'Jambi'],
  ['16.71', 'Kota', 'Palembang'],
  ['17.71', 'Kota', 'Bengkulu'],
  ['18.71', 'Kota', 'Bandar Lampung'],
  ['21.71', 'Kota', 'Batam'],
  ['31.71', 'Kota', 'Administrasi Jakarta Selatan'],
  ['31.72', 'Kota', 'Administrasi Jakarta Timur'],
  ['31.73', 'Kota', 'Administrasi Jakarta Pusat'],
  ['31.74', 'Kota', 'Administrasi Jakarta Barat'],
  ['31.75', 'Kota', 'Administrasi Jakarta Utara'],
  ['32.71', 'Kota', 'Bogor'],
  ['32.73', 'Kota', 'Bandung'],
  ['32.75', 'Kota', 'Bekasi'],
  ['32.76', 'Kota', 'Depok'],
  ['32.01', 'Kabupaten', 'Bogor'],
  ['32.04', 'Kabupaten', 'Bandung'],
  ['32.16', 'Kabupaten', 'Bekasi'],
  ['33.72', 'Kota', 'Surakarta'],
  ['33.74', 'Kota', 'Semarang'],
  ['33.01', 'Kabupaten', 'Cilacap'],
  ['33.02', 'Kabupaten', 'Banyumas'],
  ['34.71', 'Kota', 'Yogyakarta'],
  ['34.02', 'Kabupaten', 'Bantul'],
  ['34.04', 'Kabupaten', 'Sleman'],
  ['35.73', 'Kota', 'Malang'],
  ['35.78', 'Kota', 'Surabaya'],
  ['35.07', 'Kabupaten', 'Malang'],
  ['35.15', 'Kabupaten', 'Sidoarjo'],
  ['36.71', 'Kota', 'Tangerang'],
  ['36.74', 'Kota', 'Tangerang Selatan'],
  ['51.71', 'Kota', 'Denpasar'],
  ['51.03', 'Kabupaten', 'Badung'],
  ['51.04', 'Kabupaten', 'Gianyar'],
  ['52.71', 'Kota', 'Mataram'],
  ['53.71', 'Kota', 'Kupang'],
  ['61.71', 'Kota', 'Pontianak'],
  ['61.72', 'Kota', 'Singkawang'],
  ['61.01', 'Kabupaten', 'Sambas'],
  ['61.04', 'Kabupaten', 'Mempawah'],
  ['61.05', 'Kabupaten', 'Sanggau'],
  ['61.06', 'Kabupaten', 'Ketapang'],
  ['61.07', 'Kabupaten', 'Sintang'],
  ['61.12', 'Kabupaten', 'Kubu Raya'],
  ['62.71', 'Kota', 'Palangka Raya'],
  ['63.71', 'Kota', 'Banjarmasin'],
  ['64.71', 'Kota', 'Balikpapan'],
  ['64.72', 'Kota', 'Samarinda'],
  ['71.71', 'Kota', 'Manado'],
  ['72.71', 'Kota', 'Palu'],
  ['73.71', 'Kota', 'Makassar'],
  ['73.06', 'Kabupaten', 'Gowa'],
  ['74.71', 'Kota', 'Kendari'],
  ['75.71', 'Kota', 'Gorontalo'],
  ['81.71', 'Kota', 'Ambon'],
  ['82.72', 'Kota', 'Tidore Kepulauan'],
  ['91.71', 'Kota', 'Jayapura'],
];

const MINISTRIES = [
  'Kementerian Dalam Negeri',
  'Kementerian Luar Negeri',
  'Kementerian Pertahanan',
  'Kementerian Hukum',
  'Kementerian Keuangan',
  'Kementerian Pendidikan Dasar dan Menengah',
  'Kementerian Pendidikan Tinggi, Sains, dan Teknologi',
  'Kementerian Kesehatan',
  'Kementerian Sosial',
  'Kementerian Ketenagakerjaan',
  'Kementerian Perindustrian',
  'Kementerian Perdagangan',
  'Kementerian Energi dan Sumber Daya Mineral',
  'Kementerian Pekerjaan Umum',
  'Kementerian Perhubungan',
  'Kementerian Komunikasi dan Digital',
  'Kementerian Pertanian',
  'Kementerian Lingkungan Hidup',
  'Kementerian Kelautan dan Perikanan',
  'Kementerian Desa dan Pembangunan Daerah Tertinggal',
  'Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional',
  'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi',
  'Kementerian Badan Usaha Milik Negara',
  'Kementerian Koperasi',
  'Kementerian Pariwisata',
  'Kementerian Agama',
  'Kementerian Imigrasi dan Pemasyarakatan',
  'Kementerian Perumahan dan Kawasan Permukiman',
  'Kementerian Kependudukan dan Pembangunan Keluarga',
  'Kementerian Pemuda dan Olahraga',
];
const INSTITUTIONS = [
  'Badan Pusat Statistik',
  'Badan Kepegawaian Negara',
  'Badan Pengawas Obat dan Makanan',
  'Badan Penyelenggara Jaminan Sosial Kesehatan',
  'Badan Penyelenggara Jaminan Sosial Ketenagakerjaan',
  'Badan Nasional Penanggulangan Bencana',
  'Badan Meteorologi, Klimatologi, dan Geofisika',
  'Badan Riset dan Inovasi Nasional',
  'Badan Gizi Nasional',
  'Badan Siber dan Sandi Negara',
  'Kepolisian Negara Republik Indonesia',
  'Kejaksaan Republik Indonesia',
  'Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah',
  'Otoritas Jasa Keuangan',
  'Komisi Pemilihan Umum',
];
const SOES = [
  'PT PLN (Persero)',
  'PT Pertamina (Persero)',
  'PT Kereta Api Indonesia (Persero)',
  'PT Pos Indonesia (Persero)',
  'PT Telkom Indonesia (Persero) Tbk',
  'PT Bank Rakyat Indonesia (Persero) Tbk',
  'PT Angkasa Pura Indonesia',
  'PT Pelabuhan Indonesia (Persero)',
  'Perum Bulog',
  'PT Jasa Marga (Persero) Tbk',
];
const UNIVERSITIES: [string, string][] = [
  ['32.73', 'Institut Teknologi Bandung'],
  ['34.04', 'Universitas Gadjah Mada'],
  ['32.76', 'Universitas Indonesia'],
  ['35.78', 'Universitas Airlangga'],
  ['13.71', 'Universitas Andalas'],
  ['61.71', 'Universitas Tanjungpura'],
  ['12.71', 'Universitas Sumatera Utara'],
  ['73.71', 'Universitas Hasanuddin'],
  ['35.73', 'Universitas Brawijaya'],
  ['33.74', 'Universitas Diponegoro'],
];
const EMBASSIES = [
  'Kuala Lumpur',
  'Singapura',
  'Riyadh',
  'Tokyo',
  'Seoul',
  'Den Haag',
  'Canberra',
  'Hong Kong',
  'Taipei',
  'Abu Dhabi',
];
/** The offices (Dinas, Badan, …) a local government has; the directory holds them under it. */
const OFFICES = [
  'Dinas Kesehatan',
  'Dinas Pendidikan',
  'Dinas Pekerjaan Umum dan Penataan Ruang',
  'Dinas Kependudukan dan Pencatatan Sipil',
  'Dinas Sosial',
  'Dinas Perhubungan',
  'Dinas Lingkungan Hidup',
  'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
  'Dinas Tenaga Kerja',
  'Dinas Perumahan Rakyat dan Kawasan Permukiman',
  'Dinas Komunikasi dan Informatika',
  'Dinas Pemadam Kebakaran',
  'Badan Pendapatan Daerah',
  'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
  'Badan Penanggulangan Bencana Daerah',
  'Satuan Polisi Pamong Praja',
  'Inspektorat',
  'Rumah Sakit Umum Daerah',
  'Dinas Koperasi dan Usaha Mikro',
  'Dinas Pertanian dan Ketahanan Pangan',
];
const UNITS = ['Sekretariat', 'Bidang Pengaduan Masyarakat', 'Bagian Hukum', 'Unit Layanan Terpadu', 'Inspektorat'];

/** A deterministic pseudo-random sequence, so every run generates the same directory. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A directory of `count` agencies as Indonesia has them: ministries and national institutions
 * (no region), provinces, cities and regencies with their Kemendagri codes, state-owned
 * enterprises, universities, embassies, and the offices (Dinas, Badan, RSUD, …) of every local
 * government under it, until `count`. About seven in ten are connected; some have units.
 */
export function generateAgencies(count: number, seed = 11): GeneratedAgency[] {
  const random = rng(seed);
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const agencies: GeneratedAgency[] = [];
  const add = (name: string, type: AgencyType, regionCode: string | null, parentId: string | null, weight: number) => {
    const connected = random() < (parentId ? 0.65 : 0.85);
    const connectedAt = connected
      ? new Date(Date.parse('2016-01-04T02:00:00.000Z') + Math.floor(random() * 2_900) * 86_400_000).toISOString()
      : null;
    const agencyId = uuid();
    const units = (
      random() < (parentId ? 0.15 : 0.5) ? UNITS.slice(0, 1 + Math.floor(random() * UNITS.length)) : []
    ).map((unit) => ({ unitId: uuid(), name: unit }));
    const agency = { agencyId, name, type, regionCode, parentId, connectedAt, units, weight };
    agencies.push(agency);
    return agency;
  };
  for (const name of MINISTRIES) add(name, 'MINISTRY', null, null, 4);
  for (const name of INSTITUTIONS) add(name, 'INSTITUTION', null, null, 3);
  for (const name of SOES) add(name, 'SOE', null, null, 2);
  for (const [code, name] of UNIVERSITIES) add(name, 'UNIVERSITY', code, null, 1);
  for (const city of EMBASSIES) add(`Kedutaan Besar Republik Indonesia di ${city}`, 'EMBASSY', null, null, 1);
  const governments = [
    ...PROVINCES.map(([code, name]) => add(`Pemerintah Provinsi ${name}`, 'PROVINCE', code, null, 4)),
    ...LOCAL.map(([code, kind, name]) =>
      add(`Pemerintah ${kind} ${name}`, kind === 'Kota' ? 'CITY' : 'REGENCY', code, null, 4),
    ),
  ];
  // Offices of every government in turn, the same office everywhere before the next one.
  for (let i = 0; agencies.length < count && i < OFFICES.length * governments.length; i++) {
    const office = OFFICES[Math.floor(i / governments.length)]!;
    const government = governments[i % governments.length]!;
    const where = government.name.replace(/^Pemerintah /, '');
    add(`${office} ${where}`, government.type, government.regionCode, government.agencyId, 1);
  }
  return agencies.slice(0, count);
}

/** The agencies' streams (registered, then connected, then their units), as the store would hold them. */
export function agencyEventRows(agencies: readonly GeneratedAgency[]): EventRow[] {
  return agencies.flatMap((agency) => {
    const events: AgencyEvent[] = [
      {
        type: 'AgencyRegistered',
        data: {
          agencyId: agency.agencyId,
          name: agency.name,
          agencyType: agency.type,
          parentId: agency.parentId,
          regionCode: agency.regionCode,
        },
      },
    ];
    if (agency.connectedAt)
      events.push({ type: 'AgencyConnected', data: { connectedAt: agency.connectedAt, decree: null } });
    for (const unit of agency.units) events.push({ type: 'UnitAdded', data: unit });
    let at = Date.parse('2015-12-01T02:00:00.000Z');
    return chain(`agency-${agency.agencyId}`, events, () => new Date((at += 60_000)).toISOString());
  });
}
