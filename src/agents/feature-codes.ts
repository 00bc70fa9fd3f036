/**
 * Phone feature codes (A1, A5): what an agent dials to log in, change state or pick up a call.
 * Pure. The codes are configurable (config "features"); a trailing # is optional everywhere.
 */

export interface FeatureCodes {
  login: string;
  ready: string;
  notReady: string;
  logout: string;
  pickup: string;
}

export const DEFAULT_FEATURE_CODES: FeatureCodes = { login: '*11', ready: '*12', notReady: '*13', logout: '*9', pickup: '*7' };

export type FeatureRequest =
  | { kind: 'login' }
  | { kind: 'ready' }
  /** reason: the digits after the code (a reason code), "break" when none. */
  | { kind: 'not-ready'; reason: string }
  | { kind: 'logout' }
  /** target: an extension or a group number. */
  | { kind: 'pickup'; target: string };

export function matchFeatureCode(dialled: string, codes: FeatureCodes): FeatureRequest | null {
  if (!dialled.startsWith('*')) return null;
  const number = dialled.endsWith('#') ? dialled.slice(0, -1) : dialled;
  // Longest code first, so "*13" is not read as "*1" + "3" when codes share a prefix.
  const entries = (Object.entries(codes) as [keyof FeatureCodes, string][]).sort((a, b) => b[1].length - a[1].length);
  for (const [kind, code] of entries) {
    if (!number.startsWith(code)) continue;
    const rest = number.slice(code.length);
    switch (kind) {
      case 'login': case 'ready': case 'logout':
        if (rest === '') return { kind: kind === 'login' ? 'login' : kind === 'ready' ? 'ready' : 'logout' };
        break;
      case 'notReady':
        if (/^[0-9]{0,4}$/.test(rest)) return { kind: 'not-ready', reason: rest || 'break' };
        break;
      case 'pickup':
        if (/^[0-9]{1,16}$/.test(rest)) return { kind: 'pickup', target: rest };
        break;
    }
  }
  return null;
}
