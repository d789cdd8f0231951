import type { AgencyType } from '../../contexts/agencies/agency.js';
import type { CaseRecord, ImportStep } from '../../contexts/imports/import.plan.js';
import type { ReportKind } from '../../contexts/reports/report.events.js';
import type { AgencyRecord, CategoryRecord, HolidayRecord } from '../../src/import/import-records.js';
import { prng } from './prng.js';

/**
 * A legacy SP4N-LAPOR! export, made up deterministically from a seed, that reproduces the figures public
 * sources give (../shared/DOMAIN.md) for their real periods once imported: the agencies connected
 * each year from 2016 to 2019, the reports Kota Payakumbuh, Prov. Sumatera Barat, Kota Pontianak and Kota
 * Medan received and what became of them, and the top five topics of 2019. Each case is a whole history
 * in WIB (+07:00) with the variety of a real one (clarifications, declined and forwarded dispositions,
 * disputes, reopenings, escalations to the Ombudsman with findings, auto-closed resolutions), and the file
 * says what each measured case's outcome is meant to be, so the figures expected are counted from the
 * file, not restated.
 */
export interface LegacyHistory {
  lines: string[];
  cases: number;
  /** Per measured region: its agency, the published period [from, to) in WIB days and the figures the file makes. */
  regions: Record<RegionKey, { agencyName: string; from: string; to: string; figures: Figures }>;
  /** Per year: agencies connected at its end and for the first time in it, ministries, institutions, local governments. */
  connectivity: Record<number, Record<ConnectivityGroup, { connected: number; newlyConnected: number }>>;
  /** Reports per category submitted in [from, to), most first (ties by code, uncategorised last). */
  topics: { from: string; to: string; ranking: { category: string | null; reports: number }[] };
  /** Reports submitted in each month of 2019 (WIB). */
  submitted2019ByMonth: number[];
  /** How many cases took each kind of history (so a test can see the variety is there). */
  variants: Record<string, number>;
}

export type RegionKey = 'payakumbuh' | 'sumbar' | 'pontianak' | 'medan';
export type ConnectivityGroup = 'ministries' | 'institutions' | 'localGovernments';
/** What became of a report while a measured agency held it (agencyPerformance's outcomes). */
export type Outcome = 'RESOLVED' | 'IN_PROGRESS' | 'NOT_FOLLOWED_UP' | 'DECLINED' | 'FORWARDED' | 'ESCALATED';
export interface Figures {
  received: number;
  resolved: number;
  inProgress: number;
  notFollowedUp: number;
  declined: number;
  forwarded: number;
  escalated: number;
}

type Rng = ReturnType<typeof prng>;
type Line = HolidayRecord | CategoryRecord | AgencyRecord | CaseRecord;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WIB = 7 * HOUR;

/** An instant as the legacy system writes it: WIB, to the minute. */
const iso = (ms: number) => `${new Date(ms + WIB).toISOString().slice(0, 19)}+07:00`;
/** The WIB calendar day of an instant. */
const wibDay = (ms: number) => new Date(ms + WIB).toISOString().slice(0, 10);
/** An instant from a WIB day and a time of day. */
const wibAt = (day: string, time = '00:00') => Date.parse(`${day}T${time}:00+07:00`);
const nextDay = (day: string) => wibDay(wibAt(day) + DAY);

// ---------------------------------------------------------------------------------------------------
// The national calendar: the holidays of 2016-2025 (the deadlines count working days around them).

function holidays(): HolidayRecord[] {
  const named = new Map<string, string[]>();
  const add = (date: string, name: string) => named.set(date, [...(named.get(date) ?? []), name]);
  const easter: Record<number, string> = {
    2016: '2016-03-27',
    2017: '2017-04-16',
    2018: '2018-04-01',
    2019: '2019-04-21',
    2020: '2020-04-12',
    2021: '2021-04-04',
    2022: '2022-04-17',
    2023: '2023-04-09',
    2024: '2024-03-31',
    2025: '2025-04-20',
  };
  const idulFitri: Record<number, string> = {
    2016: '2016-07-06',
    2017: '2017-06-25',
    2018: '2018-06-15',
    2019: '2019-06-05',
    2020: '2020-05-24',
    2021: '2021-05-13',
    2022: '2022-05-02',
    2023: '2023-04-22',
    2024: '2024-04-10',
    2025: '2025-03-31',
  };
  const idulAdha: Record<number, string> = {
    2016: '2016-09-12',
    2017: '2017-09-01',
    2018: '2018-08-22',
    2019: '2019-08-11',
    2020: '2020-07-31',
    2021: '2021-07-20',
    2022: '2022-07-10',
    2023: '2023-06-29',
    2024: '2024-06-17',
    2025: '2025-06-06',
  };
  const nyepi: Record<number, string> = {
    2016: '2016-03-09',
    2017: '2017-03-28',
    2018: '2018-03-17',
    2019: '2019-03-07',
    2020: '2020-03-25',
    2021: '2021-03-14',
    2022: '2022-03-03',
    2023: '2023-03-22',
    2024: '2024-03-11',
    2025: '2025-03-29',
  };
  const imlek: Record<number, string> = {
    2016: '2016-02-08',
    2017: '2017-01-28',
    2018: '2018-02-16',
    2019: '2019-02-05',
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
  };
  const shift = (day: string, days: number) => wibDay(wibAt(day) + days * DAY);
  for (let year = 2016; year <= 2025; year++) {
    add(`${year}-01-01`, 'Tahun Baru Masehi');
    add(imlek[year]!, 'Tahun Baru Imlek');
    add(nyepi[year]!, 'Hari Suci Nyepi');
    add(shift(easter[year]!, -2), 'Wafat Isa Almasih');
    add(`${year}-05-01`, 'Hari Buruh Internasional');
    add(shift(easter[year]!, 39), 'Kenaikan Isa Almasih');
    if (year >= 2017) add(`${year}-06-01`, 'Hari Lahir Pancasila');
    add(idulFitri[year]!, 'Hari Raya Idul Fitri');
    add(shift(idulFitri[year]!, 1), 'Hari Raya Idul Fitri (hari kedua)');
    add(idulAdha[year]!, 'Hari Raya Idul Adha');
    add(`${year}-08-17`, 'Hari Kemerdekaan Republik Indonesia');
    add(`${year}-12-25`, 'Hari Raya Natal');
  }
  // One holiday per date (two on the same date share it: 2021-05-13 is Idul Fitri and Ascension Day).
  return [...named]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, names]) => ({ record: 'holiday', date, name: names.join('; ') }));
}

// ---------------------------------------------------------------------------------------------------
// The taxonomy: two levels; the five leaves the sources name as the top topics lead 2019.

const TAXONOMY: { code: string; name: string; children: [string, string][] }[] = [
  {
    code: 'kesejahteraan-sosial',
    name: 'Kesejahteraan Sosial',
    children: [
      ['bantuan-sosial', 'Bantuan Sosial'],
      ['rehabilitasi-sosial', 'Rehabilitasi Sosial'],
    ],
  },
  {
    code: 'pendidikan',
    name: 'Pendidikan dan Kebudayaan',
    children: [
      ['pendidikan-tinggi', 'Pendidikan Tinggi'],
      ['pendidikan-dasar', 'Pendidikan Dasar dan Menengah'],
    ],
  },
  { code: 'aparatur-negara', name: 'Aparatur Negara', children: [['kepegawaian', 'Kepegawaian']] },
  { code: 'hukum-ham', name: 'Hukum dan Hak Asasi Manusia', children: [['imigrasi', 'Keimigrasian']] },
  {
    code: 'administrasi-kependudukan',
    name: 'Administrasi Kependudukan',
    children: [['kependudukan', 'Kependudukan dan Pencatatan Sipil']],
  },
  {
    code: 'infrastruktur',
    name: 'Infrastruktur',
    children: [
      ['jalan-jembatan', 'Jalan dan Jembatan'],
      ['drainase', 'Drainase dan Banjir'],
    ],
  },
  { code: 'kesehatan', name: 'Kesehatan', children: [['layanan-kesehatan', 'Layanan Kesehatan dan JKN']] },
  { code: 'lingkungan-hidup', name: 'Lingkungan Hidup', children: [['persampahan', 'Persampahan']] },
  { code: 'perhubungan', name: 'Perhubungan', children: [['transportasi', 'Transportasi dan Perparkiran']] },
  {
    code: 'ketenteraman',
    name: 'Ketenteraman dan Ketertiban Umum',
    children: [['ketertiban-umum', 'Ketertiban Umum']],
  },
  { code: 'pertanahan', name: 'Pertanahan dan Tata Ruang', children: [['sertifikat-tanah', 'Sertifikat Tanah']] },
];

function categories(): CategoryRecord[] {
  return TAXONOMY.flatMap((parent) => [
    { record: 'category' as const, code: parent.code, name: parent.name },
    ...parent.children.map(([code, name]) => ({ record: 'category' as const, code, name, parent: parent.code })),
  ]);
}

/** What citizens write about, per leaf category: a title and a detail to build the description from. */
const WRITES: Record<string, [string, string][]> = {
  'bantuan-sosial': [
    ['Bantuan PKH tidak cair', 'Sudah tiga bulan bantuan Program Keluarga Harapan tidak masuk ke rekening KKS kami'],
    ['BPNT salah sasaran', 'Tetangga yang mampu menerima Bantuan Pangan Non Tunai, keluarga miskin tidak terdata'],
    ['Tidak terdaftar di DTKS', 'Keluarga kami miskin tetapi tidak masuk Data Terpadu Kesejahteraan Sosial'],
  ],
  'rehabilitasi-sosial': [
    ['Lansia terlantar', 'Ada lansia hidup sendiri tanpa perawatan, mohon dibantu panti sosial'],
    ['Anak jalanan di persimpangan', 'Banyak anak jalanan di lampu merah, mohon penanganan dinas sosial'],
  ],
  'pendidikan-tinggi': [
    ['KIP Kuliah belum cair', 'Beasiswa KIP Kuliah semester ini belum diterima padahal sudah lolos verifikasi'],
    ['Ijazah tertahan di kampus', 'Ijazah saya ditahan kampus swasta karena sengketa biaya yang sudah saya lunasi'],
    ['PDDikti tidak memuat data saya', 'Data kelulusan saya tidak tercatat di Pangkalan Data Pendidikan Tinggi'],
  ],
  'pendidikan-dasar': [
    ['Pungutan di sekolah negeri', 'Sekolah meminta uang pembangunan kepada orang tua murid baru'],
    ['Zonasi PPDB tidak adil', 'Anak kami ditolak di sekolah terdekat padahal jarak rumah kurang dari satu kilometer'],
  ],
  kepegawaian: [
    ['Hasil SKD CPNS tidak muncul', 'Nilai seleksi kompetensi dasar saya tidak muncul di pengumuman'],
    ['Kenaikan pangkat tertunda', 'Usulan kenaikan pangkat saya sudah lengkap tetapi belum diproses setahun'],
    ['Tunjangan kinerja terlambat', 'Tunjangan kinerja pegawai belum dibayarkan dua bulan'],
  ],
  imigrasi: [
    ['Antrean paspor online penuh', 'Kuota antrean paspor di aplikasi selalu penuh sejak pagi'],
    ['Paspor belum jadi', 'Paspor saya belum terbit padahal sudah lewat dari janji empat hari kerja'],
    ['Calo di kantor imigrasi', 'Ada calo menawarkan jalur cepat pembuatan paspor di kantor imigrasi'],
  ],
  kependudukan: [
    ['KTP-el belum dicetak', 'Sudah rekam KTP elektronik setahun lalu tetapi belum dicetak karena blangko habis'],
    ['Akta kelahiran lama terbit', 'Pengurusan akta kelahiran anak kami belum selesai sebulan'],
    ['NIK ganda', 'NIK saya tercatat ganda sehingga tidak bisa mendaftar BPJS'],
  ],
  'jalan-jembatan': [
    ['Jalan berlubang', 'Jalan di depan pasar berlubang besar dan sudah menyebabkan kecelakaan'],
    ['Jembatan rusak', 'Lantai jembatan kayu di kampung kami lapuk dan berbahaya dilalui'],
  ],
  drainase: [
    ['Drainase tersumbat', 'Saluran air tersumbat sampah, setiap hujan jalan tergenang'],
    ['Banjir setiap hujan', 'Permukiman kami banjir setiap hujan deras karena parit tidak mengalir'],
  ],
  'layanan-kesehatan': [
    ['Puskesmas menolak pasien BPJS', 'Pasien peserta JKN disuruh membayar di puskesmas'],
    ['Obat kosong di rumah sakit', 'Obat untuk pasien JKN sering kosong di apotek rumah sakit daerah'],
  ],
  persampahan: [
    ['Sampah tidak diangkut', 'Sampah di TPS sudah seminggu tidak diangkut dan berbau'],
    ['Pembakaran sampah', 'Warga membakar sampah setiap malam, asap masuk ke rumah'],
  ],
  transportasi: [
    ['Parkir liar', 'Juru parkir liar memungut tarif di atas ketentuan di depan pertokoan'],
    ['Lampu lalu lintas mati', 'Lampu lalu lintas di simpang empat mati sejak seminggu'],
  ],
  'ketertiban-umum': [
    ['Pedagang di trotoar', 'Trotoar dipakai berjualan sehingga pejalan kaki turun ke jalan'],
    ['Bangunan tanpa izin', 'Ada bangunan liar di sempadan sungai tanpa IMB'],
  ],
  'sertifikat-tanah': [
    ['Sertifikat tanah belum terbit', 'Pengurusan sertifikat tanah program PTSL belum selesai dua tahun'],
    ['Sengketa batas tanah', 'Pengukuran ulang batas tanah tidak kunjung dilakukan kantor pertanahan'],
  ],
};

// ---------------------------------------------------------------------------------------------------
// The agencies: 34 ministries, institutions and local governments connected in the waves the sources
// report (2016: 34, 2, 5; 2017: 34, 95, 298; 2018: 34, 96, 493; 2019: 34, 98, 510), some more after
// 2019 and a few never, one institution disconnected in 2019 and one city disconnected in 2018 and
// connected again in 2019.

/** An agency line, its connections always stated. */
type AgencySpec = Omit<AgencyRecord, 'record'> & { connections: NonNullable<AgencyRecord['connections']> };

const MINISTRIES: [string, string][] = [
  ['kemensetneg', 'Kementerian Sekretariat Negara'],
  ['kemendagri', 'Kementerian Dalam Negeri'],
  ['kemenlu', 'Kementerian Luar Negeri'],
  ['kemenhan', 'Kementerian Pertahanan'],
  ['kemenkumham', 'Kementerian Hukum dan Hak Asasi Manusia'],
  ['kemenkeu', 'Kementerian Keuangan'],
  ['kesdm', 'Kementerian Energi dan Sumber Daya Mineral'],
  ['kemenperin', 'Kementerian Perindustrian'],
  ['kemendag', 'Kementerian Perdagangan'],
  ['kementan', 'Kementerian Pertanian'],
  ['klhk', 'Kementerian Lingkungan Hidup dan Kehutanan'],
  ['kemenhub', 'Kementerian Perhubungan'],
  ['kkp', 'Kementerian Kelautan dan Perikanan'],
  ['kemnaker', 'Kementerian Ketenagakerjaan'],
  ['kemendesa', 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi'],
  ['kemenpupr', 'Kementerian Pekerjaan Umum dan Perumahan Rakyat'],
  ['kemenkes', 'Kementerian Kesehatan'],
  ['kemendikbud', 'Kementerian Pendidikan dan Kebudayaan'],
  ['kemenristekdikti', 'Kementerian Riset, Teknologi, dan Pendidikan Tinggi'],
  ['kemensos', 'Kementerian Sosial'],
  ['kemenag', 'Kementerian Agama'],
  ['kemenpar', 'Kementerian Pariwisata'],
  ['kominfo', 'Kementerian Komunikasi dan Informatika'],
  ['kemenkopukm', 'Kementerian Koperasi dan Usaha Kecil dan Menengah'],
  ['kemenpppa', 'Kementerian Pemberdayaan Perempuan dan Perlindungan Anak'],
  ['kemenpanrb', 'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi'],
  ['bappenas', 'Kementerian Perencanaan Pembangunan Nasional/Bappenas'],
  ['kementerian-atr', 'Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional'],
  ['kementerian-bumn', 'Kementerian Badan Usaha Milik Negara'],
  ['kemenpora', 'Kementerian Pemuda dan Olahraga'],
  ['kemenko-polhukam', 'Kementerian Koordinator Bidang Politik, Hukum, dan Keamanan'],
  ['kemenko-perekonomian', 'Kementerian Koordinator Bidang Perekonomian'],
  ['kemenko-pmk', 'Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan'],
  ['kemenko-maritim', 'Kementerian Koordinator Bidang Kemaritiman'],
];

const MINISTRY_UNITS: Record<string, [string, string][]> = {
  kemensos: [['ditjen-pfm', 'Direktorat Jenderal Penanganan Fakir Miskin']],
  kemenristekdikti: [['ditjen-belmawa', 'Direktorat Jenderal Pembelajaran dan Kemahasiswaan']],
  kemenkumham: [['ditjen-imigrasi', 'Direktorat Jenderal Imigrasi']],
  kemendagri: [['ditjen-dukcapil', 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil']],
  kemenpanrb: [['deputi-sdma', 'Deputi Bidang Sumber Daya Manusia Aparatur']],
  'kementerian-atr': [['ditjen-phpt', 'Direktorat Jenderal Hubungan Hukum Keagrariaan']],
  kemenpupr: [['ditjen-bina-marga', 'Direktorat Jenderal Bina Marga']],
};

/** Institutions in the order they connected: 2 in 2016, 93 in 2017, 1 in 2018, 3 in 2019, 2 later, 1 never. */
const INSTITUTIONS: string[] = [
  'Badan Kepegawaian Negara',
  'Badan Pusat Statistik',
  // 2017
  'BPJS Kesehatan',
  'Badan Ekonomi Kreatif',
  'BPJS Ketenagakerjaan',
  'Badan Pengawas Obat dan Makanan',
  'Badan Narkotika Nasional',
  'Badan Nasional Penanggulangan Bencana',
  'Badan Meteorologi, Klimatologi, dan Geofisika',
  'Lembaga Ilmu Pengetahuan Indonesia',
  'Badan Pengkajian dan Penerapan Teknologi',
  'Lembaga Penerbangan dan Antariksa Nasional',
  'Badan Tenaga Nuklir Nasional',
  'Badan Pengawas Tenaga Nuklir',
  'Badan Informasi Geospasial',
  'Badan Standardisasi Nasional',
  'Badan Kependudukan dan Keluarga Berencana Nasional',
  'Badan Pengawasan Keuangan dan Pembangunan',
  'Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah',
  'Lembaga Administrasi Negara',
  'Arsip Nasional Republik Indonesia',
  'Perpustakaan Nasional Republik Indonesia',
  'Badan Nasional Pencarian dan Pertolongan',
  'Badan Nasional Penanggulangan Terorisme',
  'Badan Nasional Penempatan dan Perlindungan Tenaga Kerja Indonesia',
  'Badan Keamanan Laut',
  'Badan Koordinasi Penanaman Modal',
  'Otoritas Jasa Keuangan',
  'Komisi Pemberantasan Korupsi',
  'Komisi Nasional Hak Asasi Manusia',
  'Komisi Pemilihan Umum',
  'Badan Pengawas Pemilihan Umum',
  'Ombudsman Republik Indonesia',
  'Komisi Perlindungan Anak Indonesia',
  'Komisi Pengawas Persaingan Usaha',
  'Komisi Yudisial',
  'Kejaksaan Agung Republik Indonesia',
  'Kepolisian Negara Republik Indonesia',
  'Tentara Nasional Indonesia',
  'Badan Pemeriksa Keuangan',
  'Lembaga Perlindungan Saksi dan Korban',
  'Komisi Aparatur Sipil Negara',
  'Badan Pengusahaan Kawasan Perdagangan Bebas dan Pelabuhan Bebas Batam',
  'Badan Restorasi Gambut',
  'Lembaga Penjamin Simpanan',
  'Badan Nasional Pengelola Perbatasan',
  'Badan Pengembangan Wilayah Surabaya-Madura',
  'Mahkamah Agung Republik Indonesia',
  'Mahkamah Konstitusi Republik Indonesia',
  'Sekretariat Jenderal Dewan Perwakilan Rakyat',
  'Sekretariat Jenderal Majelis Permusyawaratan Rakyat',
  'Sekretariat Jenderal Dewan Perwakilan Daerah',
  'Kantor Staf Presiden',
  'Sekretariat Kabinet',
  'Komisi Penyiaran Indonesia',
  'Komisi Informasi Pusat',
  'Dewan Pers',
  'Badan Wakaf Indonesia',
  'Badan Amil Zakat Nasional',
  'Lembaga Sensor Film',
  'Komisi Nasional Anti Kekerasan terhadap Perempuan',
  'Badan Akreditasi Nasional Perguruan Tinggi',
  'Badan Standar Nasional Pendidikan',
  'Lembaga Pengembangan Jasa Konstruksi Nasional',
  'Badan Pengatur Hilir Minyak dan Gas Bumi',
  'Satuan Kerja Khusus Pelaksana Kegiatan Usaha Hulu Minyak dan Gas Bumi',
  'Badan Pengatur Jalan Tol',
  'Badan Regulasi Telekomunikasi Indonesia',
  'Komite Nasional Keselamatan Transportasi',
  'Badan Pengelola Dana Perkebunan Kelapa Sawit',
  'Lembaga Pengelola Dana Pendidikan',
  'Badan Nasional Sertifikasi Profesi',
  'Komisi Kejaksaan Republik Indonesia',
  'Komisi Kepolisian Nasional',
  'Dewan Ketahanan Nasional',
  'Lembaga Ketahanan Nasional',
  'Badan Intelijen Negara',
  'Badan Pengawas Perdagangan Berjangka Komoditi',
  'Dewan Jaminan Sosial Nasional',
  'Badan Perlindungan Konsumen Nasional',
  'Komite Pengawas Perpajakan',
  'Badan Pengusahaan Kawasan Sabang',
  'Badan Otorita Pengelola Kawasan Pariwisata Danau Toba',
  'Badan Otorita Borobudur',
  'Lembaga Penyiaran Publik Televisi Republik Indonesia',
  'Lembaga Penyiaran Publik Radio Republik Indonesia',
  'Badan Pengelola Dana Lingkungan Hidup',
  'Badan Karantina Pertanian',
  'Badan Pengembangan dan Pembinaan Bahasa',
  'Badan Penelitian dan Pengembangan Kesehatan',
  'Badan Pengembangan Sumber Daya Manusia Kesehatan',
  'Badan Pendidikan dan Pelatihan Keuangan',
  'Badan Kebijakan Fiskal',
  'Badan Penyelenggara Sistem Pembayaran',
  'Badan Pengawas Pelayaran',
  // 2018
  'Badan Siber dan Sandi Negara',
  // 2019
  'Badan Pembinaan Ideologi Pancasila',
  'Badan Pengelola Keuangan Haji',
  'Badan Keamanan dan Ketahanan Pangan',
  // later, and never
  'Badan Riset dan Inovasi Nasional',
  'Badan Pangan Nasional',
  'Otorita Ibu Kota Nusantara',
];
/** Connection years of INSTITUTIONS, in their order (null: never connected). */
const INSTITUTION_WAVES: [number | null, number][] = [
  [2016, 2],
  [2017, 93],
  [2018, 1],
  [2019, 3],
  [2021, 1],
  [2022, 1],
  [null, 1],
];
const INSTITUTION_UNITS: Record<string, [string, string][]> = {
  'Badan Kepegawaian Negara': [['dit-pengadaan', 'Direktorat Pengadaan dan Kepangkatan']],
  'BPJS Kesehatan': [['kedeputian-pelayanan', 'Kedeputian Bidang Pelayanan Peserta']],
};

// The provinces by their Kemendagri codes before the 2022 split of Papua (91 Papua Barat, 94 Papua), the
// codes of the period the figures are about (bench/agency-generator.ts uses today's).
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
  ['91', 'Papua Barat'],
  ['94', 'Papua'],
];
/** Provinces connected in 2016 and in 2018; the others in 2017. */
const PROVINCES_2016 = ['13', '33'];
const PROVINCES_2018 = ['65', '91'];

/** The offices (OPD) of a regional government, each with the topics it handles. */
const REGIONAL_UNITS: [string, string, string[]][] = [
  ['dinsos', 'Dinas Sosial', ['bantuan-sosial', 'rehabilitasi-sosial']],
  ['disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil', ['kependudukan']],
  ['bkpsdm', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', ['kepegawaian']],
  ['dpupr', 'Dinas Pekerjaan Umum dan Penataan Ruang', ['jalan-jembatan', 'drainase']],
  ['dinkes', 'Dinas Kesehatan', ['layanan-kesehatan']],
  ['disdik', 'Dinas Pendidikan', ['pendidikan-dasar']],
  ['dlh', 'Dinas Lingkungan Hidup', ['persampahan']],
  ['dishub', 'Dinas Perhubungan', ['transportasi']],
  ['satpolpp', 'Satuan Polisi Pamong Praja', ['ketertiban-umum']],
];
const unitFor = (category: string) => REGIONAL_UNITS.find(([, , topics]) => topics.includes(category))![0];

/** The local governments the sources name, and three other early adopters, with their decrees. */
const NAMED_LOCAL_GOVERNMENTS: AgencySpec[] = [
  {
    id: 'kota-payakumbuh',
    name: 'Pemerintah Kota Payakumbuh',
    type: 'CITY',
    regionCode: '13.76',
    parent: 'prov-13',
    connections: [{ from: '2016-10-03', decree: 'Keputusan Wali Kota Payakumbuh Nomor 188.45/512/2016' }],
  },
  {
    id: 'kab-bojonegoro',
    name: 'Pemerintah Kabupaten Bojonegoro',
    type: 'REGENCY',
    regionCode: '35.22',
    parent: 'prov-35',
    connections: [{ from: '2016-05-23', decree: 'Keputusan Bupati Bojonegoro Nomor 188/141/KEP/412.11/2016' }],
  },
  {
    id: 'kota-bandung',
    name: 'Pemerintah Kota Bandung',
    type: 'CITY',
    regionCode: '32.73',
    parent: 'prov-32',
    connections: [{ from: '2016-11-14', decree: 'Keputusan Wali Kota Bandung Nomor 065/Kep.1180-Org/2016' }],
  },
  {
    id: 'kota-pontianak',
    name: 'Pemerintah Kota Pontianak',
    type: 'CITY',
    regionCode: '61.71',
    parent: 'prov-61',
    connections: [{ from: '2017-04-17', decree: 'Keputusan Wali Kota Pontianak Nomor 273/DKIS/2017' }],
  },
  {
    id: 'kota-medan',
    name: 'Pemerintah Kota Medan',
    type: 'CITY',
    regionCode: '12.71',
    parent: 'prov-12',
    connections: [{ from: '2018-03-12', decree: 'Keputusan Wali Kota Medan Nomor 555/221.K/2018' }],
  },
];

const PLACE_FIRST = [
  'Tanjung',
  'Sungai',
  'Bukit',
  'Muara',
  'Pulau',
  'Teluk',
  'Batu',
  'Tanah',
  'Air',
  'Ujung',
  'Lubuk',
  'Kuala',
  'Rantau',
  'Bandar',
  'Pangkalan',
  'Talang',
  'Danau',
  'Gunung',
  'Lembah',
  'Pematang',
  'Tebing',
  'Koto',
  'Labuhan',
  'Sei',
];
const PLACE_SECOND = [
  'Jaya',
  'Raya',
  'Baru',
  'Indah',
  'Sari',
  'Makmur',
  'Permai',
  'Lestari',
  'Sejahtera',
  'Mulia',
  'Agung',
  'Gemilang',
  'Damai',
  'Harapan',
  'Emas',
  'Kencana',
  'Rejo',
  'Asri',
  'Tengah',
  'Hilir',
  'Hulu',
  'Selatan',
  'Utara',
  'Timur',
];
/** Regencies and cities beyond the named ones, by the year of their first decree (null: never). */
const LOCAL_WAVES: [number | null, number][] = [
  [2017, 262],
  [2018, 193],
  [2019, 16],
  [2020, 12],
  [null, 6],
];

function agencies(rng: Rng): AgencySpec[] {
  const decreeDay = (year: number) => {
    for (;;) {
      const day = wibDay(wibAt(`${year}-02-01`) + rng.int(300) * DAY);
      if (isWorkingDay(day)) return day;
    }
  };
  const specs: AgencySpec[] = [];
  for (const [id, name] of MINISTRIES)
    specs.push({
      id,
      name,
      type: 'MINISTRY',
      units: MINISTRY_UNITS[id]?.map(([unit, unitName]) => ({ id: unit, name: unitName })),
      connections: [{ from: decreeDay(2016), decree: `Keputusan Menteri tentang Tim Pengelola SP4N-LAPOR! (${name})` }],
    });
  let institution = 0;
  for (const [year, count] of INSTITUTION_WAVES)
    for (let i = 0; i < count; i++) {
      const name = INSTITUTIONS[institution]!;
      const id = `lembaga-${String(++institution).padStart(3, '0')}`;
      const connections: AgencySpec['connections'] = year
        ? [{ from: decreeDay(year), decree: `Keputusan Kepala ${name} tentang Pengelolaan Pengaduan` }]
        : [];
      // Bekraf joined the ministry of tourism in October 2019: disconnected since.
      if (name === 'Badan Ekonomi Kreatif') connections[0]!.to = '2019-10-23';
      specs.push({
        id,
        name,
        type: 'INSTITUTION',
        units: INSTITUTION_UNITS[name]?.map(([unit, unitName]) => ({ id: unit, name: unitName })),
        connections,
      });
    }
  if (institution !== INSTITUTIONS.length)
    throw new Error(`${INSTITUTIONS.length} institutions, ${institution} placed`);

  const named = new Map<string, AgencySpec>(NAMED_LOCAL_GOVERNMENTS.map((spec) => [spec.id, spec]));
  const units = REGIONAL_UNITS.map(([id, name]) => ({ id, name }));
  for (const [code, name] of PROVINCES) {
    const year = PROVINCES_2016.includes(code) ? 2016 : PROVINCES_2018.includes(code) ? 2018 : 2017;
    const from = code === '13' ? '2016-08-15' : decreeDay(year);
    specs.push({
      id: `prov-${code}`,
      name: `Pemerintah Provinsi ${name}`,
      type: 'PROVINCE',
      regionCode: code,
      units: ['13', '12', '61'].includes(code) ? units : undefined,
      connections: [
        { from, decree: `Keputusan Gubernur ${name} tentang Tim Pengelola SP4N-LAPOR! ${from.slice(0, 4)}` },
      ],
    });
  }
  for (const spec of named.values())
    specs.push({ ...spec, units: ['kota-payakumbuh', 'kota-pontianak', 'kota-medan'].includes(spec.id) ? units : [] });

  // The other regencies and cities: made-up names, Kemendagri-shaped codes spread over the provinces.
  const taken = new Set([...named.values()].map((spec) => spec.regionCode));
  const names = rng.shuffle(PLACE_FIRST.flatMap((first) => PLACE_SECOND.map((second) => `${first} ${second}`)));
  const nextCode = new Map<string, { regency: number; city: number }>();
  let made = 0;
  for (const [year, count] of LOCAL_WAVES)
    for (let i = 0; i < count; i++) {
      const [province] = PROVINCES[made % PROVINCES.length]!;
      const city = made % 5 === 0;
      const next = nextCode.get(province) ?? { regency: 1, city: 71 };
      let regionCode: string;
      do {
        regionCode = `${province}.${String(city ? next.city++ : next.regency++).padStart(2, '0')}`;
      } while (taken.has(regionCode));
      taken.add(regionCode);
      nextCode.set(province, next);
      const place = names[made++]!;
      const title = city ? `Wali Kota ${place}` : `Bupati ${place}`;
      const connections: AgencySpec['connections'] = year
        ? [{ from: decreeDay(year), decree: `Keputusan ${title} tentang Tim Pengelola SP4N-LAPOR!` }]
        : [];
      // One city's team was dissolved in a reorganisation in mid-2018 and formed again in 2019.
      if (year === 2017 && made === 7) {
        connections[0]!.to = '2018-06-29';
        connections.push({
          from: '2019-02-11',
          decree: `Keputusan ${title} tentang Pembentukan Kembali Tim Pengelola`,
        });
      }
      specs.push({
        id: `${city ? 'kota' : 'kab'}-${regionCode}`,
        name: `Pemerintah ${city ? 'Kota' : 'Kabupaten'} ${place}`,
        type: city ? 'CITY' : 'REGENCY',
        regionCode,
        parent: `prov-${province}`,
        connections,
      });
    }
  return specs;
}

function connectivity(specs: AgencySpec[]): LegacyHistory['connectivity'] {
  const group = (type: AgencyType): ConnectivityGroup | null =>
    type === 'MINISTRY'
      ? 'ministries'
      : type === 'INSTITUTION'
        ? 'institutions'
        : ['PROVINCE', 'REGENCY', 'CITY'].includes(type)
          ? 'localGovernments'
          : null;
  const result: LegacyHistory['connectivity'] = {};
  for (let year = 2016; year <= 2022; year++) {
    const start = wibAt(`${year}-01-01`);
    const end = wibAt(`${year + 1}-01-01`);
    const counts = {
      ministries: { connected: 0, newlyConnected: 0 },
      institutions: { connected: 0, newlyConnected: 0 },
      localGovernments: { connected: 0, newlyConnected: 0 },
    };
    for (const spec of specs) {
      const key = group(spec.type);
      if (!key || spec.connections.length === 0) continue;
      const periods = spec.connections.map((c) => ({ from: wibAt(c.from), to: c.to ? wibAt(c.to) : null }));
      if (periods.some((p) => p.from < end && (p.to === null || p.to >= end))) counts[key].connected++;
      const first = Math.min(...periods.map((p) => p.from));
      if (first >= start && first < end) counts[key].newlyConnected++;
    }
    result[year] = counts;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Time: staff act in office hours on working days, citizens whenever they are awake.

let HOLIDAY_DATES: ReadonlySet<string> = new Set();

function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAY_DATES.has(day);
}

/** The first office moment (a working day, 07:30 to 16:00 WIB) at or after `ms`. */
function office(ms: number, rng: Rng): number {
  for (let t = ms; ;) {
    const day = wibDay(t);
    if (isWorkingDay(day)) {
      if (t < wibAt(day, '07:30')) return wibAt(day, '07:30') + rng.int(90) * MINUTE;
      if (t <= wibAt(day, '16:00')) return t;
    }
    t = wibAt(nextDay(day));
  }
}

/** The first waking moment (06:00 to 22:00 WIB) at or after `ms`. */
function waking(ms: number, rng: Rng): number {
  const day = wibDay(ms);
  if (ms < wibAt(day, '06:00')) return wibAt(day, '06:00') + rng.int(120) * MINUTE;
  if (ms < wibAt(day, '22:00')) return ms;
  return wibAt(nextDay(day), '06:00') + rng.int(120) * MINUTE;
}

/** One case's history as it is written: each step at or after the one before. */
class History {
  readonly steps: ImportStep[] = [];
  constructor(
    private readonly rng: Rng,
    public t: number,
  ) {}
  private after(minHours: number, maxHours: number): number {
    return this.t + Math.round((minHours + this.rng.next() * (maxHours - minHours)) * 60) * MINUTE;
  }
  /** A staff step between minHours and maxHours later, in office hours. */
  staff(minHours: number, maxHours: number): string {
    this.t = office(this.after(minHours, maxHours), this.rng);
    return iso(this.t);
  }
  /** A reporter's step between minHours and maxHours later, while awake. */
  citizen(minHours: number, maxHours: number): string {
    this.t = waking(this.after(minHours, maxHours), this.rng);
    return iso(this.t);
  }
  /** A step at a given instant (not before the last one). */
  exactly(ms: number): string {
    if (ms < this.t) throw new Error(`${iso(ms)} is before ${iso(this.t)}`);
    this.t = ms;
    return iso(ms);
  }
  add(step: ImportStep): void {
    this.steps.push(step);
  }
}

// ---------------------------------------------------------------------------------------------------
// The cases.

interface RegionPlan {
  key: RegionKey;
  agency: string;
  prefix: string;
  from: string;
  to: string;
  /** Where reports come from: a region code each, with a point near it. */
  places: { regionCode: string; address: string; lat: number; lon: number }[];
  /** Submission windows (WIB days) and how many cases each brings into the period. */
  windows: { from: string; to: string; cases: number }[];
  /** Cases at set instants: the period's edges. `outcome` only for those outside the period. */
  edges: { submitted: string; received: string; outcome?: Outcome }[];
  /** What became of the reports received in the period, by outcome. */
  outcomes: Partial<Record<Outcome, number>>;
  /** The province a disposition may reach first (declined or forwarded on to the city). */
  province?: string;
}

const REGIONS: RegionPlan[] = [
  {
    key: 'payakumbuh',
    agency: 'kota-payakumbuh',
    prefix: 'PYK',
    from: '2019-01-01',
    to: '2020-01-01',
    places: [
      { regionCode: '13.76', address: 'Kecamatan Payakumbuh Barat', lat: -0.2245, lon: 100.6319 },
      { regionCode: '13.76', address: 'Kecamatan Lamposi Tigo Nagori', lat: -0.2384, lon: 100.6587 },
    ],
    windows: [{ from: '2019-01-02', to: '2019-12-31', cases: 9 }],
    edges: [
      { submitted: '2018-12-13T19:40', received: '2018-12-17T10:05', outcome: 'RESOLVED' },
      { submitted: '2020-01-02T08:12', received: '2020-01-06T09:30', outcome: 'RESOLVED' },
      { submitted: '2020-01-10T21:03', received: '2020-01-14T13:20', outcome: 'IN_PROGRESS' },
    ],
    outcomes: { RESOLVED: 7, IN_PROGRESS: 1, NOT_FOLLOWED_UP: 1 },
  },
  {
    key: 'sumbar',
    agency: 'prov-13',
    prefix: 'SBR',
    from: '2017-01-01',
    to: '2020-03-02',
    places: [
      { regionCode: '13.71', address: 'Kota Padang', lat: -0.9492, lon: 100.3543 },
      { regionCode: '13.75', address: 'Kota Bukittinggi', lat: -0.3055, lon: 100.3692 },
      { regionCode: '13.06', address: 'Kabupaten Padang Pariaman', lat: -0.5547, lon: 100.2152 },
      { regionCode: '13.03', address: 'Kabupaten Solok', lat: -0.8006, lon: 100.6557 },
    ],
    windows: [
      { from: '2017-01-02', to: '2017-12-31', cases: 30 },
      { from: '2018-01-02', to: '2018-12-31', cases: 40 },
      { from: '2019-01-02', to: '2019-12-31', cases: 38 },
      { from: '2020-01-02', to: '2020-03-01', cases: 8 },
    ],
    edges: [
      { submitted: '2016-12-01T10:15', received: '2016-12-05T09:40', outcome: 'RESOLVED' },
      { submitted: '2016-12-14T07:55', received: '2016-12-19T11:10', outcome: 'RESOLVED' },
      // Inside: the last working day of the period.
      { submitted: '2020-02-26T20:30', received: '2020-02-28T14:00' },
      // Outside: 06:30 WIB on 2 March 2020 is still 1 March in UTC.
      { submitted: '2020-02-28T18:45', received: '2020-03-02T06:30', outcome: 'RESOLVED' },
      { submitted: '2020-04-08T09:00', received: '2020-04-13T10:00', outcome: 'RESOLVED' },
      { submitted: '2020-05-05T16:20', received: '2020-05-11T08:45', outcome: 'IN_PROGRESS' },
    ],
    outcomes: { RESOLVED: 110, IN_PROGRESS: 5, NOT_FOLLOWED_UP: 2 },
  },
  {
    key: 'pontianak',
    agency: 'kota-pontianak',
    prefix: 'PTK',
    from: '2019-01-01',
    to: '2025-01-01',
    province: 'prov-61',
    places: [
      { regionCode: '61.71', address: 'Kecamatan Pontianak Kota', lat: -0.0263, lon: 109.3425 },
      { regionCode: '61.71', address: 'Kecamatan Pontianak Utara', lat: 0.0012, lon: 109.3368 },
      { regionCode: '61.71', address: 'Kecamatan Pontianak Tenggara', lat: -0.0661, lon: 109.3677 },
    ],
    windows: [
      { from: '2019-01-02', to: '2019-12-31', cases: 120 },
      { from: '2020-01-02', to: '2020-12-31', cases: 150 },
      { from: '2021-01-02', to: '2021-12-31', cases: 160 },
      { from: '2022-01-02', to: '2022-12-31', cases: 170 },
      { from: '2023-01-02', to: '2023-12-31', cases: 172 },
      { from: '2024-01-02', to: '2024-12-31', cases: 170 },
    ],
    edges: [
      { submitted: '2018-12-06T12:00', received: '2018-12-10T10:30', outcome: 'RESOLVED' },
      { submitted: '2018-12-14T06:50', received: '2018-12-18T09:15', outcome: 'RESOLVED' },
      { submitted: '2025-01-02T07:10', received: '2025-01-07T10:40', outcome: 'RESOLVED' },
      { submitted: '2025-01-10T22:30', received: '2025-01-15T08:05', outcome: 'NOT_FOLLOWED_UP' },
    ],
    // The sources give 942 and 904 resolved; the other 38 are made up here.
    outcomes: { RESOLVED: 904, IN_PROGRESS: 24, NOT_FOLLOWED_UP: 11, ESCALATED: 3 },
  },
  {
    key: 'medan',
    agency: 'kota-medan',
    prefix: 'MDN',
    from: '2022-01-01',
    to: '2022-10-01',
    province: 'prov-12',
    places: [
      { regionCode: '12.71', address: 'Kecamatan Medan Kota', lat: 3.5729, lon: 98.6878 },
      { regionCode: '12.71', address: 'Kecamatan Medan Helvetia', lat: 3.6064, lon: 98.6386 },
      { regionCode: '12.71', address: 'Kecamatan Medan Tembung', lat: 3.6007, lon: 98.7312 },
      { regionCode: '12.71', address: 'Kecamatan Medan Belawan', lat: 3.7755, lon: 98.6832 },
    ],
    windows: [{ from: '2022-01-03', to: '2022-09-30', cases: 486 }],
    edges: [
      { submitted: '2021-12-08T15:00', received: '2021-12-13T09:20', outcome: 'RESOLVED' },
      { submitted: '2021-12-16T11:11', received: '2021-12-20T14:00', outcome: 'IN_PROGRESS' },
      // Inside: Friday evening, 30 September.
      { submitted: '2022-09-28T19:00', received: '2022-09-30T21:00' },
      // Outside: 06:30 WIB on 1 October 2022 is still 30 September in UTC.
      { submitted: '2022-09-29T10:30', received: '2022-10-01T06:30', outcome: 'IN_PROGRESS' },
      { submitted: '2022-10-05T09:45', received: '2022-10-10T10:10', outcome: 'RESOLVED' },
    ],
    // The source leaves 6 of 487 unexplained (487 - 273 - 186 - 22): here they are reports Medan sent
    // on, 4 declined as not its authority (land certificates and a national road, re-dispositioned by the
    // admin to the ministries) and 2 forwarded to the province (a provincial road, a provincial hospital).
    outcomes: { RESOLVED: 273, IN_PROGRESS: 186, NOT_FOLLOWED_UP: 22, DECLINED: 4, FORWARDED: 2 },
  },
];

/** Topics of the regional reports submitted in 2019 (167 = Pontianak 120 + Sumatera Barat 38 + Payakumbuh 9). */
const REGIONAL_2019: Record<string, number> = {
  'bantuan-sosial': 40,
  kependudukan: 22,
  kepegawaian: 12,
  'jalan-jembatan': 19,
  'layanan-kesehatan': 18,
  'pendidikan-dasar': 16,
  persampahan: 14,
  transportasi: 13,
  'ketertiban-umum': 13,
};
/** Topics of other years' regional reports, by weight. */
const REGIONAL_WEIGHTS: [string, number][] = [
  ['bantuan-sosial', 14],
  ['kependudukan', 10],
  ['jalan-jembatan', 12],
  ['drainase', 8],
  ['layanan-kesehatan', 9],
  ['pendidikan-dasar', 7],
  ['persampahan', 8],
  ['transportasi', 6],
  ['ketertiban-umum', 6],
  ['kepegawaian', 5],
  ['rehabilitasi-sosial', 3],
];
/** Reports to the ministries and institutions: topic, agency (and unit), how many, when submitted. */
const NATIONAL: { category: string; agency: string; unit: string; cases: number; from: string; to: string }[] = [
  {
    category: 'bantuan-sosial',
    agency: 'kemensos',
    unit: 'ditjen-pfm',
    cases: 30,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'pendidikan-tinggi',
    agency: 'kemenristekdikti',
    unit: 'ditjen-belmawa',
    cases: 55,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'kepegawaian',
    agency: 'lembaga-001',
    unit: 'dit-pengadaan',
    cases: 20,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'kepegawaian',
    agency: 'kemenpanrb',
    unit: 'deputi-sdma',
    cases: 14,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'imigrasi',
    agency: 'kemenkumham',
    unit: 'ditjen-imigrasi',
    cases: 38,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'kependudukan',
    agency: 'kemendagri',
    unit: 'ditjen-dukcapil',
    cases: 10,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  {
    category: 'layanan-kesehatan',
    agency: 'lembaga-003',
    unit: 'kedeputian-pelayanan',
    cases: 4,
    from: '2019-01-02',
    to: '2019-12-31',
  },
  // Just outside 2019: enough passport complaints to lead any period that took them in.
  {
    category: 'imigrasi',
    agency: 'kemenkumham',
    unit: 'ditjen-imigrasi',
    cases: 10,
    from: '2018-12-01',
    to: '2018-12-31',
  },
  {
    category: 'imigrasi',
    agency: 'kemenkumham',
    unit: 'ditjen-imigrasi',
    cases: 30,
    from: '2020-01-01',
    to: '2020-03-31',
  },
];
const REJECTED_2019 = 12;

const GIVEN = ['Budi', 'Siti', 'Ahmad', 'Dewi', 'Rina', 'Andi', 'Yusuf', 'Nurul', 'Hendra', 'Fitri', 'Rudi', 'Wati'];
const MORE_GIVEN = ['Agus', 'Sri', 'Joko', 'Ayu', 'Fajar', 'Lestari', 'Bayu', 'Intan', 'Rizky', 'Putri', 'Teguh'];
const FAMILY = ['Saputra', 'Siregar', 'Nasution', 'Harahap', 'Lubis', 'Chaniago', 'Piliang', 'Sinaga', 'Pratama'];
const MORE_FAMILY = ['Wijaya', 'Santoso', 'Hidayat', 'Kurniawan', 'Rahmawati', 'Setiawan', 'Halim', 'Susanto'];
const FOLLOW_UPS = [
  'Laporan sudah diteruskan ke bidang terkait dan sedang dijadwalkan peninjauan lapangan.',
  'Petugas sudah melakukan verifikasi lapangan; penanganan menunggu anggaran perubahan.',
  'Kami sudah berkoordinasi dengan kelurahan setempat untuk pendataan ulang.',
  'Mohon kesediaan Bapak/Ibu dihubungi petugas kami untuk melengkapi data.',
  'Penanganan sedang berjalan, perkiraan selesai dalam dua minggu.',
];
const RESOLUTIONS = [
  'Permasalahan sudah ditangani petugas di lapangan. Terima kasih atas laporannya.',
  'Data pelapor sudah diperbaiki dan dapat dicek kembali di aplikasi.',
  'Sudah diselesaikan sesuai ketentuan; pelapor sudah dihubungi melalui telepon.',
  'Perbaikan sudah selesai dikerjakan pada minggu ini, dokumentasi terlampir di sistem lama.',
];
const DISPUTES = [
  'Belum selesai, kondisi di lapangan masih sama.',
  'Jawaban tidak sesuai dengan yang saya laporkan.',
  'Petugas tidak pernah datang ke lokasi.',
];
const QUESTIONS = [
  'Mohon sebutkan alamat lengkap lokasi kejadian.',
  'Mohon lampirkan nomor pendaftaran atau nomor berkas Anda.',
  'Kapan kejadian tersebut terjadi? Mohon dilengkapi.',
];
const ANSWERS = [
  'Lokasinya di jalan utama dekat masjid raya, RT 02/RW 04.',
  'Nomor berkas saya tercantum pada bukti pendaftaran bulan lalu.',
  'Kejadiannya Senin pagi minggu lalu sekitar pukul 09.00.',
];

/** Builds the file: holidays, categories, agencies, then the cases in the order the legacy system numbered them. */
export function legacyHistory(seed: number): LegacyHistory {
  const rng = prng(seed);
  const holidayLines = holidays();
  HOLIDAY_DATES = new Set(holidayLines.map((h) => h.date));
  const agencySpecs = agencies(rng);
  const agencyLines: AgencyRecord[] = agencySpecs.map((spec) => ({
    record: 'agency',
    id: spec.id,
    name: spec.name,
    type: spec.type,
    ...(spec.regionCode ? { regionCode: spec.regionCode } : {}),
    ...(spec.parent ? { parent: spec.parent } : {}),
    ...(spec.units?.length ? { units: spec.units } : {}),
    ...(spec.connections.length ? { connections: spec.connections } : {}),
  }));
  // Parents before their children: ministries, institutions, provinces, then regencies and cities.
  const order: AgencyType[] = ['MINISTRY', 'INSTITUTION', 'PROVINCE', 'REGENCY', 'CITY'];
  agencyLines.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));

  const cases: CaseRecord[] = [];
  const receipts: { region: RegionKey; at: number; outcome: Outcome }[] = [];
  const variants: Record<string, number> = {};
  const used = (variant: string) => (variants[variant] = (variants[variant] ?? 0) + 1);
  const sequence = new Map<string, number>();
  const caseId = (prefix: string, submittedAt: number) => {
    const key = `${prefix}-${wibDay(submittedAt).slice(0, 4)}`;
    const n = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, n);
    return `${key}-${String(n).padStart(4, '0')}`;
  };
  const reporter = (year: number) => {
    const n = rng.int(700);
    const name = `${rng.pick(rng.next() < 0.5 ? GIVEN : MORE_GIVEN)} ${rng.pick(rng.next() < 0.5 ? FAMILY : MORE_FAMILY)}`;
    return {
      id: `warga-${String(n).padStart(4, '0')}`,
      name,
      phone: `+62 8${1 + rng.int(9)}${rng.int(10)} ${1000 + rng.int(9000)} ${1000 + rng.int(9000)}`,
      ...(rng.next() < 0.3 ? { email: `${name.toLowerCase().replace(/ /g, '.')}${year % 100}@contoh.id` } : {}),
      ...(rng.next() < 0.2
        ? { nik: `13${String(rng.int(10 ** 7)).padStart(7, '0')}${String(rng.int(10 ** 7)).padStart(7, '0')}` }
        : {}),
    };
  };
  const channel = (year: number, region?: RegionKey) => {
    if (region === 'medan' && rng.next() < 0.5) return 'INTEGRATION' as const; // Medan's smart-city app
    const channels =
      year < 2019
        ? (['SMS', 'SMS', 'WEB', 'WEB', 'TWITTER', 'MOBILE_APP'] as const)
        : (['SMS', 'WEB', 'WEB', 'MOBILE_APP', 'MOBILE_APP', 'TWITTER', 'WHATSAPP'] as const);
    return rng.pick(channels);
  };
  const kind = (): ReportKind => {
    const r = rng.next();
    return r < 0.85 ? 'COMPLAINT' : r < 0.95 ? 'ASPIRATION' : 'INFORMATION_REQUEST';
  };
  const submittedAt = (from: string, to: string) => {
    const first = wibAt(from);
    const last = wibAt(to) - 14 * DAY; // leave time to verify and route inside the window
    return waking(first + rng.int(Math.max(1, Math.floor((last - first) / MINUTE))) * MINUTE, rng);
  };
  const submission = (
    id: string,
    at: number,
    category: string,
    place: { regionCode: string; address: string; lat: number; lon: number } | null,
    region?: RegionKey,
  ): CaseRecord['submitted'] => {
    const year = Number(wibDay(at).slice(0, 4));
    const [title, detail] = rng.pick(WRITES[category]!);
    const anonymous = rng.next() < 0.1;
    const who = rng.next() < 0.85 ? reporter(year) : null;
    const r = rng.next();
    return {
      at: iso(at),
      kind: kind(),
      channel: channel(year, region),
      title: place ? `${title} di ${place.address}` : title,
      description: `${detail}.${place ? ` Lokasi: ${place.address}.` : ''} Mohon ditindaklanjuti. (${id})`,
      // Some reporters choose a topic, not always the one the admin settles on.
      ...(r < 0.15 ? { category } : r < 0.2 ? { category: 'ketertiban-umum' } : {}),
      ...(place
        ? {
            location: {
              regionCode: place.regionCode,
              address: place.address,
              lat: Math.round((place.lat + (rng.next() - 0.5) / 50) * 1e5) / 1e5,
              lon: Math.round((place.lon + (rng.next() - 0.5) / 50) * 1e5) / 1e5,
            },
          }
        : {}),
      ...(anonymous ? { anonymous: true } : {}),
      ...(rng.next() < 0.03 ? { confidential: true } : {}),
      ...(who ? { reporter: who } : {}),
    };
  };

  /** Clarification (sometimes) and verification. */
  const intake = (h: History, category: string) => {
    if (rng.next() < 0.12) {
      used('clarification');
      h.add({ step: 'clarification_requested', at: h.staff(0.5, 20), question: rng.pick(QUESTIONS) });
      h.add({ step: 'clarified', at: h.citizen(2, 60), answer: rng.pick(ANSWERS) });
    }
    const reclassify = rng.next() < 0.04 ? { kind: 'ASPIRATION' as const } : {};
    h.add({ step: 'verified', at: h.staff(0.5, 30), category, ...reclassify });
  };
  const work = (h: History, late = false) => {
    const at = late ? h.staff(10 * 24, 20 * 24) : h.staff(1, 72);
    if (rng.next() < 0.5) h.add({ step: 'follow_up_started', at });
    else h.add({ step: 'follow_up', at, message: rng.pick(FOLLOW_UPS) });
    if (rng.next() < 0.15) h.add({ step: 'internal_note', at: h.staff(1, 48), note: 'Koordinasi dengan kecamatan.' });
    for (let n = rng.int(3); n > 0; n--)
      h.add({ step: 'follow_up', at: h.staff(24, 240), message: rng.pick(FOLLOW_UPS) });
  };
  const resolve = (h: History) => h.add({ step: 'resolved', at: h.staff(24, 500), message: rng.pick(RESOLUTIONS) });
  /** The reporter accepts within four days (the auto-close gives ten working days), or never answers. */
  const answer = (h: History) => {
    const r = rng.next();
    if (r < 0.6) {
      used('accepted');
      const rating = rng.pick([5, 5, 5, 4, 4, 4, 3, 2, 1]);
      h.add({
        step: 'accepted',
        at: h.citizen(4, 96),
        rating,
        ...(rng.next() < 0.4 ? { comment: 'Terima kasih.' } : {}),
      });
    } else {
      used('auto-closed');
      // Some exports carry the closing the old system recorded once the resolution went unanswered.
      if (r < 0.75) h.add({ step: 'closed', at: h.exactly(h.t + 35 * DAY) });
    }
  };
  const dispute = (h: History) => h.add({ step: 'disputed', at: h.citizen(4, 72), reason: rng.pick(DISPUTES) });
  const reopen = (h: History) =>
    h.add({
      step: 'reopened',
      at: h.staff(2, 72),
      reason: 'Ditinjau ulang atas sanggahan pelapor.',
      ...(rng.next() < 0.3 ? { actor: { role: 'ADMIN' as const, id: 'admin-pusat' } } : {}),
    });
  const escalateByReporter = (h: History) =>
    h.add({
      step: 'escalated',
      at: h.citizen(24, 240),
      reason: 'REPORTER_DISPUTE',
      note: 'Pelapor tidak puas dengan penyelesaian instansi.',
    });
  const escalateForDeadline = (h: History) =>
    h.add({
      step: 'escalated',
      at: h.staff(15 * 24, 30 * 24),
      reason: 'DEADLINE_MISSED',
      actor: { role: 'ADMIN', id: 'admin-pusat' },
      note: 'Tidak ada tindak lanjut melewati batas waktu.',
    });
  const finding = (h: History, outcome: 'RETURN_TO_AGENCY' | 'CLOSE') =>
    h.add({
      step: 'finding',
      at: h.staff(10 * 24, 40 * 24),
      actor: { role: 'OMBUDSMAN', id: 'asisten-ombudsman-1' },
      finding:
        outcome === 'CLOSE'
          ? 'Tidak ditemukan maladministrasi; penyelesaian instansi sudah sesuai.'
          : 'Ditemukan penundaan berlarut dalam penanganan laporan.',
      outcome,
      ...(outcome === 'RETURN_TO_AGENCY' ? { recommendation: 'Instansi menyelesaikan laporan dalam 14 hari.' } : {}),
    });

  /** What happens once the agency has it, so that it ends in `outcome` there. */
  const handle = (h: History, outcome: Outcome, region?: RegionKey) => {
    const r = rng.next();
    switch (outcome) {
      case 'RESOLVED':
        if (r < 0.85) {
          used(r < 0.05 ? 'late-first-follow-up' : 'resolved');
          work(h, r < 0.05);
          resolve(h);
          answer(h);
        } else if (r < 0.93) {
          used('disputed-reopened');
          work(h);
          resolve(h);
          dispute(h);
          reopen(h);
          h.add({ step: 'follow_up', at: h.staff(24, 120), message: rng.pick(FOLLOW_UPS) });
          resolve(h);
          answer(h);
        } else if (r < 0.965) {
          used('ombudsman-after-dispute');
          work(h);
          resolve(h);
          dispute(h);
          escalateByReporter(h);
          finding(h, 'RETURN_TO_AGENCY');
          h.add({ step: 'follow_up', at: h.staff(24, 120), message: rng.pick(FOLLOW_UPS) });
          resolve(h);
          answer(h);
        } else {
          used('ombudsman-for-deadline');
          escalateForDeadline(h);
          finding(h, 'RETURN_TO_AGENCY');
          h.add({ step: 'follow_up', at: h.staff(24, 120), message: rng.pick(FOLLOW_UPS) });
          resolve(h);
          answer(h);
        }
        return;
      case 'IN_PROGRESS':
        if (r < 0.7) {
          used('in-progress');
          work(h);
        } else if (r < 0.85) {
          used('reopened-in-progress');
          work(h);
          resolve(h);
          dispute(h);
          reopen(h);
        } else {
          used('returned-by-ombudsman');
          escalateForDeadline(h);
          finding(h, 'RETURN_TO_AGENCY');
          h.add({ step: 'follow_up', at: h.staff(24, 120), message: rng.pick(FOLLOW_UPS) });
        }
        return;
      case 'NOT_FOLLOWED_UP':
        used('not-followed-up');
        if (r < 0.3)
          h.add({
            step: 'internal_note',
            at: h.staff(48, 200),
            note: 'Sudah diingatkan kepada pejabat penghubung.',
            actor: { role: 'ADMIN', id: 'admin-daerah' },
          });
        return;
      case 'ESCALATED':
        used('with-ombudsman');
        work(h);
        resolve(h);
        dispute(h);
        escalateByReporter(h);
        // One stays closed by the Ombudsman: still not a resolution of the agency's.
        if (r < 0.34) finding(h, 'CLOSE');
        return;
      case 'DECLINED': {
        used('declined');
        const land = r < 0.5;
        h.add({
          step: 'declined',
          at: h.staff(2, 60),
          reason: land
            ? 'Bukan kewenangan pemerintah kota: sertifikat tanah diterbitkan kantor pertanahan.'
            : 'Bukan kewenangan pemerintah kota: ruas jalan nasional.',
        });
        h.add({
          step: 'dispositioned',
          at: h.staff(1, 24),
          agency: land ? 'kementerian-atr' : 'kemenpupr',
          unit: land ? 'ditjen-phpt' : 'ditjen-bina-marga',
          note: 'Disposisi ulang setelah ditolak pemerintah kota.',
        });
        work(h);
        resolve(h);
        answer(h);
        return;
      }
      case 'FORWARDED':
        used('forwarded');
        if (r < 0.5) h.add({ step: 'follow_up_started', at: h.staff(1, 48) });
        h.add({
          step: 'forwarded',
          at: h.staff(2, 72),
          agency: region === 'medan' ? 'prov-12' : 'prov-61',
          unit: r < 0.5 ? 'dpupr' : 'dinkes',
          note: 'Diteruskan ke pemerintah provinsi yang berwenang.',
        });
        work(h);
        resolve(h);
        answer(h);
        return;
    }
  };

  // The regional cases.
  const deck = rng.shuffle(Object.entries(REGIONAL_2019).flatMap(([category, n]) => Array<string>(n).fill(category)));
  const weighted = () => {
    let pick = rng.int(REGIONAL_WEIGHTS.reduce((sum, [, w]) => sum + w, 0));
    for (const [category, weight] of REGIONAL_WEIGHTS) if ((pick -= weight) < 0) return category;
    throw new Error('unreachable');
  };
  for (const plan of REGIONS) {
    const pool = rng.shuffle(
      Object.entries(plan.outcomes).flatMap(([outcome, n]) => Array<Outcome>(n).fill(outcome as Outcome)),
    );
    const inside = plan.windows.reduce((sum, w) => sum + w.cases, 0) + plan.edges.filter((e) => !e.outcome).length;
    if (inside !== pool.length) throw new Error(`${plan.key}: ${inside} cases for ${pool.length} outcomes`);
    const periodFrom = wibAt(plan.from);
    const periodTo = wibAt(plan.to);
    const make = (submitted: number, received: number | null, outcome: Outcome) => {
      const year = wibDay(submitted).slice(0, 4);
      const category = year === '2019' && plan.key !== 'medan' ? deck.pop()! : weighted();
      if (!category) throw new Error('the 2019 topic deck ran out');
      const id = caseId(plan.prefix, submitted);
      const place = rng.pick(plan.places);
      const h = new History(rng, submitted);
      const unit =
        plan.key === 'medan' && (outcome === 'DECLINED' || outcome === 'FORWARDED') ? 'dpupr' : unitFor(category);
      // Declined cases are about land and national roads; the file says what the reporter wrote about.
      const topic = outcome === 'DECLINED' ? (rng.next() < 0.5 ? 'sertifikat-tanah' : 'jalan-jembatan') : category;
      const record: CaseRecord = {
        record: 'case',
        id,
        submitted: submission(id, submitted, topic, place, plan.key),
        steps: h.steps,
      };
      if (received === null) {
        intake(h, topic);
        const r = rng.next();
        if (plan.province && outcome !== 'DECLINED' && outcome !== 'FORWARDED' && r < 0.06) {
          // No Wrong Door: the admin first sent it to the province, which passed it on.
          h.add({ step: 'dispositioned', at: h.staff(0.2, 4), agency: plan.province, unit });
          if (r < 0.03) {
            used('declined-by-province');
            h.add({ step: 'declined', at: h.staff(3, 40), reason: 'Kewenangan pemerintah kota.' });
            h.add({ step: 'dispositioned', at: h.staff(0.5, 16), agency: plan.agency, unit });
          } else {
            used('forwarded-by-province');
            h.add({ step: 'forwarded', at: h.staff(3, 40), agency: plan.agency, unit, note: 'Kewenangan kota.' });
          }
        } else {
          h.add({ step: 'dispositioned', at: h.staff(0.2, 6), agency: plan.agency, unit });
        }
      } else {
        h.add({ step: 'verified', at: h.exactly(received - 5 * MINUTE), category: topic });
        h.add({ step: 'dispositioned', at: h.exactly(received), agency: plan.agency, unit });
      }
      const at = h.t;
      const counted = at >= periodFrom && at < periodTo;
      if (received === null && !counted)
        throw new Error(`${id} reached ${plan.agency} at ${iso(at)}, outside the period`);
      receipts.push({ region: plan.key, at, outcome });
      handle(h, outcome, plan.key);
      cases.push(record);
    };
    for (const window of plan.windows)
      for (let i = 0; i < window.cases; i++) make(submittedAt(window.from, window.to), null, pool.pop()!);
    for (const edge of plan.edges) {
      const received = wibAt(edge.received.slice(0, 10), edge.received.slice(11));
      const counted = received >= periodFrom && received < periodTo;
      if (counted === Boolean(edge.outcome)) throw new Error(`${plan.key} edge ${edge.received}: inside is ${counted}`);
      make(wibAt(edge.submitted.slice(0, 10), edge.submitted.slice(11)), received, edge.outcome ?? pool.pop()!);
    }
  }
  if (deck.length) throw new Error(`${deck.length} regional 2019 topics left over`);

  // The ministries' and institutions' cases.
  for (const batch of NATIONAL)
    for (let i = 0; i < batch.cases; i++) {
      const at = submittedAt(batch.from, batch.to);
      const id = caseId('NAS', at);
      const h = new History(rng, at);
      const record: CaseRecord = {
        record: 'case',
        id,
        submitted: submission(id, at, batch.category, null),
        steps: h.steps,
      };
      intake(h, batch.category);
      h.add({ step: 'dispositioned', at: h.staff(0.2, 8), agency: batch.agency, unit: batch.unit });
      const r = rng.next();
      handle(h, r < 0.85 ? 'RESOLVED' : r < 0.95 ? 'IN_PROGRESS' : 'NOT_FOLLOWED_UP');
      cases.push(record);
    }

  // Reports archived without follow-up: never an agency's.
  for (let i = 0; i < REJECTED_2019; i++) {
    const at = submittedAt('2019-01-02', '2019-12-31');
    const id = caseId('ARS', at);
    const h = new History(rng, at);
    const record: CaseRecord = {
      record: 'case',
      id,
      submitted: submission(id, at, rng.pick(['jalan-jembatan', 'bantuan-sosial', 'kependudukan']), null),
      steps: h.steps,
    };
    delete record.submitted.category;
    const variant = i % 4;
    if (variant === 0) {
      used('rejected-after-unanswered-clarification');
      h.add({ step: 'clarification_requested', at: h.staff(1, 24), question: rng.pick(QUESTIONS) });
      h.add({ step: 'rejected', at: h.staff(10 * 24, 14 * 24), reason: 'INCOMPLETE' });
    } else if (variant === 1) {
      used('rejected');
      h.add({
        step: 'rejected',
        at: h.staff(1, 48),
        reason: rng.pick(['OUT_OF_SCOPE', 'TOO_GENERAL', 'NOT_GOVERNMENT_SERVICE'] as const),
      });
    } else if (variant === 2) {
      used('rejected-duplicate');
      h.add({
        step: 'rejected',
        at: h.staff(1, 48),
        reason: 'DUPLICATE',
        // The original came in before it (cases are written in the order they were submitted).
        duplicateOf: rng.pick(cases.filter((earlier) => Date.parse(earlier.submitted.at) < at)).id,
      });
    } else {
      used('rejected-other');
      h.add({ step: 'rejected', at: h.staff(1, 48), reason: 'OTHER', text: 'Laporan berisi promosi usaha.' });
    }
    cases.push(record);
  }

  // In the order the legacy system numbered them: by submission.
  cases.sort((a, b) => Date.parse(a.submitted.at) - Date.parse(b.submitted.at) || a.id.localeCompare(b.id));

  // What the file makes of the figures.
  const regions = {} as LegacyHistory['regions'];
  for (const plan of REGIONS) {
    const inPeriod = receipts.filter((r) => r.region === plan.key && r.at >= wibAt(plan.from) && r.at < wibAt(plan.to));
    const count = (outcome: Outcome) => inPeriod.filter((r) => r.outcome === outcome).length;
    regions[plan.key] = {
      agencyName: agencySpecs.find((spec) => spec.id === plan.agency)!.name,
      from: plan.from,
      to: plan.to,
      figures: {
        received: inPeriod.length,
        resolved: count('RESOLVED'),
        inProgress: count('IN_PROGRESS'),
        notFollowedUp: count('NOT_FOLLOWED_UP'),
        declined: count('DECLINED'),
        forwarded: count('FORWARDED'),
        escalated: count('ESCALATED'),
      },
    };
  }
  const topicFrom = '2019-01-01';
  const topicTo = '2020-01-01';
  const tally = new Map<string | null, number>();
  const byMonth = Array<number>(12).fill(0);
  for (const record of cases) {
    const at = Date.parse(record.submitted.at);
    const day = wibDay(at);
    if (day.startsWith('2019-')) byMonth[Number(day.slice(5, 7)) - 1]!++;
    if (at < wibAt(topicFrom) || at >= wibAt(topicTo)) continue;
    const verified = record.steps.find((s) => s.step === 'verified');
    const category = verified?.step === 'verified' ? verified.category : (record.submitted.category ?? null);
    tally.set(category, (tally.get(category) ?? 0) + 1);
  }
  const ranking = [...tally]
    .map(([category, reports]) => ({ category, reports }))
    .sort(
      (a, b) =>
        b.reports - a.reports ||
        (a.category === null ? 1 : b.category === null ? -1 : a.category < b.category ? -1 : 1),
    );

  const lines: Line[] = [...holidayLines, ...categories(), ...agencyLines, ...cases];
  return {
    lines: lines.map((line) => JSON.stringify(line)),
    cases: cases.length,
    regions,
    connectivity: connectivity(agencySpecs),
    topics: { from: topicFrom, to: topicTo, ranking },
    submitted2019ByMonth: byMonth,
    variants,
  };
}
