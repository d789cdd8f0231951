import { describe, expect, it } from '@jest/globals';
import { attachmentFromUrl } from './media-attachment.js';
import { readServiceRequestForm, titleFrom } from './service-request-form.js';

const form = {
  service_code: 'infrastruktur-jalan',
  lat: '-0.2245',
  long: '100.6318',
  description: 'Lubang besar di depan SD Negeri 3.',
};

describe('the POST requests form', () => {
  it('reads what aduan takes; empty values are not given and attributes it does not define are left aside', () => {
    const read = readServiceRequestForm(
      {
        ...form,
        address_string: '  ',
        media_url: ['https://a.example.id/1.jpg', 'https://a.example.id/2.png'],
        'attribute[kind]': 'aspiration',
        'attribute[anonymous]': 'TRUE',
        'attribute[easting]': '100',
        'attribute[fixmystreet_id]': '1001',
        first_name: 'Siti',
        last_name: '',
      },
      ['https'],
    );
    expect(read).toEqual({
      form: {
        serviceCode: 'infrastruktur-jalan',
        kind: 'ASPIRATION',
        anonymous: true,
        confidential: false,
        description: 'Lubang besar di depan SD Negeri 3.',
        location: { address: null, lat: -0.2245, lon: 100.6318 },
        mediaUrls: ['https://a.example.id/1.jpg', 'https://a.example.id/2.png'],
        contact: { name: 'Siti', email: null, phone: null, deviceId: null, accountId: null },
        clientToken: '1001',
      },
    });
  });

  it('counts the 4,000 characters of a description as characters, not UTF-16 units', () => {
    expect(readServiceRequestForm({ ...form, description: '🙂'.repeat(4_000) }, ['https'])).toHaveProperty('form');
    expect(readServiceRequestForm({ ...form, description: '🙂'.repeat(4_001) }, ['https'])).toEqual({
      problems: [{ field: 'description', description: 'description may be at most 4,000 characters' }],
    });
  });
});

describe('what Open311 does not have', () => {
  it('titles a report with the description’s first line, cut at a word; a short line gets the service’s name', () => {
    expect(titleFrom('Lampu jalan mati.\nSudah seminggu.', 'Jalan')).toBe('Lampu jalan mati.');
    expect(titleFrom('Ups!\nJembatan di Batang Agam retak.', 'Jalan')).toBe('Jalan: Ups!');
    const long = titleFrom(`${'Jembatan penyeberangan '.repeat(10)}rusak`, 'Jalan');
    expect(long).toBe(`${'Jembatan penyeberangan '.repeat(4).trim()}…`);
    expect([...long].length).toBeLessThanOrEqual(100);
  });

  it('makes an attachment of a bare URL: its name and type from the path, its size and digest not known', () => {
    expect(attachmentFromUrl('https://files.qlue.id/laporan/foto%20lubang.JPG?v=2')).toEqual({
      name: 'foto lubang.JPG',
      mediaType: 'image/jpeg',
      size: 0,
      sha256: '',
      url: 'https://files.qlue.id/laporan/foto%20lubang.JPG?v=2',
    });
    expect(attachmentFromUrl('https://media.example.id/')).toMatchObject({
      name: 'media.example.id',
      mediaType: 'application/octet-stream',
    });
  });
});
