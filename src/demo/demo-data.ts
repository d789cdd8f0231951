import type { AgencyType } from '../../contexts/agencies/agency.js';

/** The agencies DOMAIN.md names, with units, for a demo that looks like SP4N-LAPOR!. */
export const DEMO_AGENCIES: { name: string; type: AgencyType; regionCode: string | null; units: string[] }[] = [
  {
    name: 'Pemerintah Kota Payakumbuh',
    type: 'CITY',
    regionCode: '13.76',
    units: ['Dinas Pekerjaan Umum dan Penataan Ruang', 'Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Kesehatan'],
  },
  {
    name: 'Pemerintah Kota Padang Panjang',
    type: 'CITY',
    regionCode: '13.74',
    units: ['Dinas Pendidikan dan Kebudayaan', 'Dinas Perhubungan'],
  },
  {
    name: 'Pemerintah Provinsi Sumatera Barat',
    type: 'PROVINCE',
    regionCode: '13',
    units: ['Dinas Bina Marga', 'Badan Kepegawaian Daerah', 'Dinas Sosial'],
  },
  {
    name: 'Pemerintah Kota Pontianak',
    type: 'CITY',
    regionCode: '61.71',
    units: [
      'Dinas Lingkungan Hidup',
      'Dinas Pekerjaan Umum dan Penataan Ruang',
      'Dinas Kependudukan dan Pencatatan Sipil',
    ],
  },
  {
    name: 'Pemerintah Kota Medan',
    type: 'CITY',
    regionCode: '12.71',
    units: ['Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi', 'Dinas Kesehatan', 'Dinas Pendidikan'],
  },
  {
    name: 'Kementerian Sosial',
    type: 'MINISTRY',
    regionCode: null,
    units: ['Direktorat Jenderal Penanganan Fakir Miskin', 'Direktorat Jenderal Perlindungan dan Jaminan Sosial'],
  },
  {
    name: 'Kementerian Pendidikan Tinggi, Sains, dan Teknologi',
    type: 'MINISTRY',
    regionCode: null,
    units: ['Direktorat Jenderal Pendidikan Tinggi'],
  },
  {
    name: 'Badan Kepegawaian Negara',
    type: 'INSTITUTION',
    regionCode: null,
    units: ['Direktorat Pengadaan dan Kepangkatan'],
  },
  {
    name: 'Direktorat Jenderal Imigrasi',
    type: 'INSTITUTION',
    regionCode: null,
    units: ['Direktorat Lalu Lintas Keimigrasian'],
  },
];

/** The category taxonomy (two levels), led by the top topics DOMAIN.md lists. */
export const DEMO_CATEGORIES: { code: string; name: string; children: { code: string; name: string }[] }[] = [
  {
    code: 'kesejahteraan-sosial',
    name: 'Kesejahteraan Sosial',
    children: [
      { code: 'bansos', name: 'Bantuan Sosial' },
      { code: 'pkh', name: 'Program Keluarga Harapan' },
    ],
  },
  {
    code: 'pendidikan',
    name: 'Pendidikan',
    children: [
      { code: 'pendidikan-tinggi', name: 'Pendidikan Tinggi' },
      { code: 'ppdb', name: 'Penerimaan Peserta Didik Baru' },
    ],
  },
  {
    code: 'kepegawaian',
    name: 'Kepegawaian',
    children: [
      { code: 'cpns', name: 'Seleksi CPNS' },
      { code: 'kenaikan-pangkat', name: 'Kenaikan Pangkat' },
    ],
  },
  { code: 'imigrasi', name: 'Imigrasi', children: [{ code: 'paspor', name: 'Paspor' }] },
  {
    code: 'kependudukan',
    name: 'Administrasi Kependudukan',
    children: [
      { code: 'ktp-el', name: 'KTP Elektronik' },
      { code: 'akta', name: 'Akta Kelahiran' },
    ],
  },
  {
    code: 'infrastruktur',
    name: 'Infrastruktur',
    children: [
      { code: 'jalan', name: 'Jalan' },
      { code: 'drainase', name: 'Drainase dan Banjir' },
      { code: 'lampu-jalan', name: 'Penerangan Jalan' },
    ],
  },
  {
    code: 'kesehatan',
    name: 'Kesehatan',
    children: [
      { code: 'bpjs', name: 'BPJS Kesehatan' },
      { code: 'puskesmas', name: 'Pelayanan Puskesmas' },
    ],
  },
  { code: 'lingkungan', name: 'Lingkungan Hidup', children: [{ code: 'sampah', name: 'Persampahan' }] },
];

/** Complaint texts by category: a title and a description a citizen might write. */
export const DEMO_TEXTS: Record<string, { title: string; description: string }[]> = {
  bansos: [
    {
      title: 'Bantuan sosial tidak diterima tiga bulan',
      description:
        'Keluarga kami terdaftar di DTKS tetapi bantuan sembako tidak kami terima sejak tiga bulan lalu. Mohon ditindaklanjuti.',
    },
    {
      title: 'Penyaluran BLT tidak tepat sasaran',
      description:
        'Di RT kami beberapa penerima BLT adalah warga mampu, sementara lansia yang tidak mampu tidak terdaftar.',
    },
  ],
  pkh: [
    {
      title: 'Dana PKH terlambat cair',
      description:
        'Dana PKH tahap ini belum masuk ke rekening padahal tetangga sudah menerima. Pendamping tidak bisa dihubungi.',
    },
  ],
  'pendidikan-tinggi': [
    {
      title: 'Ijazah belum diterbitkan kampus',
      description: 'Saya lulus delapan bulan lalu tetapi ijazah belum diterbitkan dan kampus tidak memberi kepastian.',
    },
    {
      title: 'Pencairan KIP Kuliah terlambat',
      description: 'Biaya hidup KIP Kuliah semester ini belum cair sehingga saya kesulitan membayar kos.',
    },
  ],
  ppdb: [
    {
      title: 'Zonasi PPDB tidak sesuai jarak',
      description: 'Anak kami tidak diterima di SMP terdekat padahal jarak rumah kurang dari satu kilometer.',
    },
  ],
  cpns: [
    {
      title: 'Hasil sanggah seleksi CPNS tidak dijawab',
      description: 'Sanggahan atas hasil seleksi administrasi CPNS yang saya ajukan belum dijawab sampai batas waktu.',
    },
  ],
  'kenaikan-pangkat': [
    {
      title: 'Usulan kenaikan pangkat tertahan',
      description: 'Usulan kenaikan pangkat saya sudah lengkap sejak April tetapi statusnya masih menunggu verifikasi.',
    },
  ],
  paspor: [
    {
      title: 'Antrean paspor daring selalu penuh',
      description:
        'Sudah dua minggu aplikasi antrean paspor selalu penuh, sementara saya harus berangkat umrah bulan depan.',
    },
  ],
  'ktp-el': [
    {
      title: 'KTP elektronik belum dicetak',
      description: 'Sudah perekaman enam bulan lalu, tetapi KTP-el belum dicetak dengan alasan blangko habis.',
    },
    {
      title: 'Pungutan liar saat mengurus KTP',
      description: 'Petugas di kecamatan meminta uang tambahan agar KTP cepat selesai. Mohon ditertibkan.',
    },
  ],
  akta: [
    {
      title: 'Akta kelahiran salah nama',
      description: 'Nama anak kami di akta kelahiran salah ketik dan perbaikannya sudah sebulan belum selesai.',
    },
  ],
  jalan: [
    {
      title: 'Jalan berlubang di Jl. Sudirman',
      description:
        'Lubang besar di depan SD Negeri 3 sudah tiga bulan, membahayakan pengendara motor terutama saat hujan.',
    },
    {
      title: 'Jalan provinsi rusak parah',
      description:
        'Ruas jalan provinsi menuju pasar rusak berat sepanjang dua kilometer dan sering menyebabkan kecelakaan.',
    },
  ],
  drainase: [
    {
      title: 'Drainase tersumbat, banjir tiap hujan',
      description:
        'Saluran air di perumahan kami tersumbat sampah sehingga setiap hujan deras air masuk ke rumah warga.',
    },
  ],
  'lampu-jalan': [
    {
      title: 'Lampu jalan mati seminggu',
      description: 'Lampu penerangan di Jl. Ahmad Yani mati sudah seminggu sehingga jalan gelap dan rawan kejahatan.',
    },
  ],
  bpjs: [
    {
      title: 'Kartu BPJS tidak aktif',
      description:
        'Kartu BPJS Kesehatan kami dinonaktifkan tanpa pemberitahuan padahal iuran dibayar pemerintah daerah.',
    },
  ],
  puskesmas: [
    {
      title: 'Pelayanan puskesmas lambat',
      description: 'Antrean di puskesmas sangat lama, pasien menunggu lebih dari tiga jam tanpa kepastian.',
    },
  ],
  sampah: [
    {
      title: 'Sampah tidak diangkut dua minggu',
      description: 'Sampah di TPS dekat pasar tidak diangkut dua minggu dan baunya mengganggu warga sekitar.',
    },
  ],
};
