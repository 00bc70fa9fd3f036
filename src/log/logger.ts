/** Structured JSON logging (pino). Secrets are redacted by key name wherever they appear. */
import pino, { type Logger } from 'pino';
import { work } from '../util/work-counters';

export type { Logger };

/** How long a log line may wait in the buffer before it is written (see bufferedDestination). */
export const LOG_FLUSH_MS = 250;

/**
 * Standard output (or a file), buffered: lines are written in blocks of 4 KiB, or after LOG_FLUSH_MS at the
 * latest, instead of one write() per line (under load that was about a tenth of the app's CPU per
 * call). pino flushes the buffer synchronously when the process exits, including on an uncaught
 * exception; only a SIGKILL can lose the last quarter second of lines.
 */
export function bufferedDestination(to: number | string = 1): pino.DestinationStream {
  const dest = pino.destination({ dest: to, sync: false, minLength: 4096, ...(typeof to === 'string' ? { mkdir: true, append: false } : {}) });
  setInterval(() => { try { dest.flush(); } catch { /* a write is on its way: the next tick flushes */ } }, LOG_FLUSH_MS).unref();
  return dest;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { app: 'callcenter' },
    // Lines counted by level (work-counters.ts): the log's share of the work per call.
    hooks: {
      logMethod(args, method, level) {
        work.logLine(level);
        return method.apply(this, args);
      },
    },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'ariPassword', '*.ariPassword', 'amiSecret', '*.amiSecret', 'adminPassword', '*.adminPassword',
        'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'api.users[*].password', 'api.tokens[*].token'],
      censor: '[redacted]',
    },
  }, destination ?? bufferedDestination());
}
