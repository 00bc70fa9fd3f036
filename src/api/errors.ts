/** API errors: HTTP status, a kebab-case id and details; one middleware renders them. */
import type { NextFunction, Request, Response } from 'express';

export class ApiError extends Error {
  constructor(readonly status: number, readonly id: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export function errorMiddleware(log: { error: (o: object, m: string) => void }) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: { id: err.id, message: err.message, details: err.details } });
      return;
    }
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { id: 'bad-request', message: bodyParserMessage(err as BodyParserError), details: {} } });
      return;
    }
    log.error({ err }, 'unhandled API error');
    res.status(500).json({ error: { id: 'internal-error', message: 'internal error', details: {} } });
  };
}

interface BodyParserError extends Error { type?: string; body?: string; limit?: number }

/**
 * The message of an error from the JSON body parser: a body that is JSON but not an object or
 * array (`null`, `"lunch"`, `42`) is refused as such, not as invalid JSON.
 */
export function bodyParserMessage(err: BodyParserError): string {
  if (err.type === 'entity.parse.failed' && typeof err.body === 'string') {
    try {
      JSON.parse(err.body);
      return 'body must be a JSON object';
    } catch {
      return `body is not valid JSON: ${err.message}`;
    }
  }
  if (err.type === 'entity.too.large') return `body too large (at most ${err.limit ?? 'the limit'} bytes)`;
  return err.message;
}
