import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DestinationRefused, resolveDestination, type Destination, type DestinationPolicy } from './destination.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendOutcome {
  /** HTTP status; null when no answer came. */
  status: number | null;
  durationMs: number;
  /** Null for a 2xx; otherwise a short reason a person understands ("HTTP 500", "timed out after 15 s"). */
  error: string | null;
  /** From a Retry-After header (seconds or HTTP-date) on a non-2xx answer; null when absent or unparsable. */
  retryAfterMs: number | null;
}

export interface SenderOptions extends DestinationPolicy {
  /** The whole attempt: resolution, connection, answer and reading it. Default 15 s. */
  timeoutMs?: number;
  /** Read no more of a response body than this; only the status matters. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Default 64. */
  maxSocketsPerHost?: number;
}

const USER_AGENT = 'aduan-webhooks/1';

/** Reasons for network errors, by code; others are reported with Node's own message. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EAI_AGAIN: 'name resolution failed',
  ENOTFOUND: 'name not found',
  HPE_INVALID_CONSTANT: 'not an HTTP answer',
};

class TimedOut extends Error {}

/**
 * One HTTP POST per call, over node:http(s) rather than fetch so the connection can be pinned to the
 * address that resolveDestination checked and redirects are never followed (each would need its own check).
 */
export class WebhookSender {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: SenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 65_536;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost ?? 64 };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  /** Never throws: every failure is an outcome with an error. */
  async send(request: WebhookRequest): Promise<SendOutcome> {
    const started = performance.now();
    const outcome = (status: number | null, error: string | null, retryAfterMs: number | null = null): SendOutcome => ({
      status,
      durationMs: Math.round(performance.now() - started),
      error,
      retryAfterMs,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimedOut()), this.timeoutMs);
    try {
      if (!URL.canParse(request.url)) throw new DestinationRefused('not a URL');
      const url = new URL(request.url);
      const destination = await abortable(resolveDestination(url, this.options), controller.signal);
      const { status, retryAfter } = await this.post(url, destination, request, controller.signal);
      if (status >= 200 && status < 300) return outcome(status, null);
      const error = status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}`;
      return outcome(status, error, parseRetryAfter(retryAfter));
    } catch (error) {
      const answered = error instanceof AnsweredThenFailed ? error : null;
      return outcome(answered?.status ?? null, this.describe(answered?.cause ?? error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Destroys the keep-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private post(
    url: URL,
    destination: Destination,
    request: WebhookRequest,
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfter: string | undefined }> {
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    // Whatever DNS answers at connect time, the socket goes to the address that was checked.
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [destination]);
      else callback(null, destination.address, destination.family);
    };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!['content-length', 'user-agent', 'host'].includes(name.toLowerCase())) headers[name] = value;
    }
    const body = Buffer.from(request.body, 'utf8');
    headers['content-length'] = String(body.length);
    headers['user-agent'] = USER_AGENT;

    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request({
        method: 'POST',
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
        lookup: pinned,
        // SNI carries names only (RFC 6066); an IP literal is verified against the certificate's IP SANs.
        ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
        signal,
      });
      let status: number | null = null;
      const fail = (error: unknown) => {
        const cause = signal.aborted ? signal.reason : error;
        if (status === null) reject(cause);
        // Cut short while reading: the status already decides, unless the attempt ran out of time.
        else if (signal.aborted) reject(new AnsweredThenFailed(status, cause));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        const answer = { status, retryAfter: res.headers['retry-after'] };
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          // Enough to be sure the receiver answered; the rest is not ours to wait for.
          if (read >= this.maxResponseBytes) {
            resolve(answer);
            res.destroy();
          }
        });
        res.on('error', fail);
        res.on('end', () => resolve(answer));
        res.on('close', () => setImmediate(() => resolve(answer)));
      });
      req.end(body);
    });
  }

  private describe(error: unknown): string {
    if (error instanceof TimedOut) return `timed out after ${this.timeoutMs / 1000} s`;
    if (error instanceof DestinationRefused) return `refused destination: ${error.message}`;
    const { code, message } = error as NodeJS.ErrnoException;
    if (code && NETWORK_ERRORS[code]) return `${NETWORK_ERRORS[code]} (${code})`;
    if (code?.startsWith('ERR_TLS') || /CERT|SSL/.test(code ?? '')) return `TLS: ${message} (${code})`;
    return code ? `${message} (${code})` : String(message ?? error);
  }
}

/** A timeout that struck after the status line arrived: the status is still reported. */
class AnsweredThenFailed extends Error {
  constructor(
    readonly status: number,
    override readonly cause: unknown,
  ) {
    super('failed after the answer');
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
