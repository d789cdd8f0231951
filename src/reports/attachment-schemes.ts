import { DomainError } from '../../contexts/domain-error.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';

export const ATTACHMENT_URL_SCHEMES = Symbol('ATTACHMENT_URL_SCHEMES');

/** Attachments are references the service never fetches; their URLs may only use the configured schemes. */
export function assertAttachmentSchemes(command: ReportCommand, schemes: readonly string[]): void {
  if (!('attachments' in command)) return;
  for (const { url } of command.attachments) {
    const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
    if (!schemes.includes(scheme))
      throw new DomainError(
        'BAD_USER_INPUT',
        `Attachment URLs must use ${schemes.join(' or ')}, not ${scheme || 'no scheme'}: ${url.slice(0, 100)}`,
      );
  }
}
