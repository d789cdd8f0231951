import { describe, expect, it } from '@jest/globals';
import { canonicalJson, chainHash, contentHash, GENESIS_HASH } from './hash-chain.js';

// Reference values computed outside this code base (Python's json.dumps with sort_keys and
// compact separators, hashlib.sha256, struct.pack('>q')), so an auditor's tool can check them too.
const event = {
  eventId: '6f1c2f4e-8a3b-4c5d-9e0f-1a2b3c4d5e6f',
  type: 'ReportSubmitted',
  schemaVersion: 1,
  data: { title: 'Jalan rusak', b: [1, 2.5, 'ü'], a: null },
  metadata: { correlationId: 'c-1', actor: { role: 'REPORTER', id: 'u-1' }, occurredAt: '2026-11-23T08:00:00.000Z' },
};
const recordedAt = new Date('2026-11-23T08:00:01.234Z');

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson(event)).toBe(
      '{"data":{"a":null,"b":[1,2.5,"ü"],"title":"Jalan rusak"},"eventId":"6f1c2f4e-8a3b-4c5d-9e0f-1a2b3c4d5e6f",' +
        '"metadata":{"actor":{"id":"u-1","role":"REPORTER"},"correlationId":"c-1","occurredAt":"2026-11-23T08:00:00.000Z"},' +
        '"schemaVersion":1,"type":"ReportSubmitted"}',
    );
  });

  it('drops undefined members as JSON does and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1e21, -0] })).toBe('{"a":[null,1e+21,0]}');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') })).toBe('{"at":"2026-01-02T03:04:05.006Z"}');
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(/cannot be stored/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('hash chain', () => {
  it('hashes the canonical content', () => {
    expect(contentHash(event).toString('hex')).toBe('4263aeaac763990a4b37da17b2bef8ca1cb3b8fb6594682ef11658baf730d24c');
  });

  it('chains each version to the previous hash, the stream, the version and the time', () => {
    const content = contentHash(event);
    const first = chainHash(GENESIS_HASH, {
      streamId: 'report-abc',
      streamVersion: 1,
      recordedAt,
      contentHash: content,
    });
    expect(first.toString('hex')).toBe('d2bc1933ff7240238514afc477cb4ff5149dc90bbd74a098b37c82e70eca5363');
    const second = chainHash(first, { streamId: 'report-abc', streamVersion: 2, recordedAt, contentHash: content });
    expect(second.toString('hex')).toBe('5b9d5b6de6ac227ab87ed107b272e82e2fcdd29ea37a02f3d63c6c80b14e6f19');
    const backDated = chainHash(GENESIS_HASH, {
      streamId: 'report-abc',
      streamVersion: 1,
      recordedAt: new Date(recordedAt.getTime() - 1),
      contentHash: content,
    });
    expect(backDated.equals(first)).toBe(false);
  });
});
