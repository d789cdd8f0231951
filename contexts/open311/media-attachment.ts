import type { Attachment } from '../reports/report.events.js';

const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
};

/**
 * An Open311 media_url is a bare URL, and the service never fetches attachments: the attachment it
 * becomes keeps the URL as sent, is named after the URL's last path segment (else its host), typed by the file extension
 * (else application/octet-stream), and records size 0 and an empty sha256, meaning "not known".
 */
export function attachmentFromUrl(text: string): Attachment {
  const url = new URL(text);
  const segment = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  const name = (decoded(segment) || url.hostname || 'media').slice(0, 255);
  const extension = /\.([a-z0-9]+)$/i.exec(segment)?.[1]?.toLowerCase() ?? '';
  return {
    name,
    mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream',
    size: 0,
    sha256: '',
    url: text,
  };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
