/** Structured JSON logging (pino). Secrets are redacted by key name wherever they appear. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { app: 'callcenter' },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'ariPassword', '*.ariPassword', 'amiSecret', '*.amiSecret', 'adminPassword', '*.adminPassword',
        'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'api.users[*].password', 'api.tokens[*].token'],
      censor: '[redacted]',
    },
  }, destination);
}
