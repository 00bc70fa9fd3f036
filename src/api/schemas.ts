/** Input shapes shared by the API routes: strict, so SQL-ish or header-ish strings never pass. */
import { z } from 'zod';

export const extension = z.string().regex(/^[0-9]{1,32}$/, 'an extension: 1-32 digits');
export const phoneNumber = z.string().regex(/^\+?[0-9*#]{1,32}$/, 'digits, * or # (1-32), optionally after +');
export const timeOrDate = z.string().regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/, 'a date YYYY-MM-DD or a time YYYY-MM-DD HH:MM[:SS]');
export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a call GUID (UUID)');
export const name = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a name: letters, digits, _ or - (1-64)');
/** Letters and digits of any script (午饭, Mittagspause), space, _ . - ; no quotes, no control characters. */
export const reason = z.string().regex(/^[\p{L}\p{M}\p{N} _.-]{1,64}$/u, 'a reason: letters (any script), digits, space, _ . - (1-64)');

export const agentParams = z.object({ agent: extension }).strict();
export const guidParams = z.object({ guid }).strict();
