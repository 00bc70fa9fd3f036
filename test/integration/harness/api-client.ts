/** The CTI API as a test (or a CRM) uses it: JSON over HTTP with Basic credentials. */
import { site } from './site';
import { TEST_API } from './product';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export type As = 'admin' | 'supervisor' | { user: string; password: string } | null;

export function apiBase(): string {
  const { host, port } = site.product.config.http;
  return `http://${host}:${port}`;
}

export function authHeader(as: As): Record<string, string> {
  if (as === null) return {};
  const u = as === 'admin' ? { user: TEST_API.admin.name, password: TEST_API.admin.password }
    : as === 'supervisor' ? { user: TEST_API.supervisor.name, password: TEST_API.supervisor.password } : as;
  return { authorization: `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}` };
}

/** One request; never throws on an HTTP error status (tests assert on it). */
export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, as: As = 'supervisor'): Promise<ApiAnswer<T>> {
  const res = await fetch(`${apiBase()}${path}`, {
    method,
    headers: { ...authHeader(as), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (metrics, CSV, HTML): the text itself
  }
  return { status: res.status, body: parsed as T };
}
