/**
 * Issue 20 (source 001, Radius认证计费模块): RADIUS authentication of the calls a SIP account
 * places. Before the app routes a phone's call it sends an Access-Request (RFC 2865) for the
 * account - User-Name = the extension, User-Password = the account's SIP password (PAP, hidden
 * with the shared secret), Calling-/Called-Station-Id, Acct-Session-Id = the call GUID, the same
 * session id as the accounting records - and the server's Access-Accept lets the call through,
 * its Access-Reject refuses it (status 12, end reason radius-reject). What a server that does
 * not answer means is a setting (radius.authOnNoAnswer: refuse or allow).
 *
 * The SIP digest of REGISTER and INVITE stays Asterisk's: res_pjsip checks digests against the
 * password in pjsip_generated.conf and has no RADIUS hook (RFC 5090 digest over RADIUS is not
 * supported), so RADIUS authenticates the account for each call it places, as billing servers do.
 *
 * Pure decisions here; the UDP exchange is auth-client.ts.
 */
import type { SipAccount } from '../domain';
import type { Logger } from '../log/logger';
import type { RadiusAttribute } from './accounting-attributes';
import { RadiusAuthClient, type AuthServer, type AuthAnswer } from './auth-client';

/** Which calls of a SIP account are authenticated: none, those routed to a trunk, or all (feature codes never). */
export type AuthorizeMode = 'off' | 'outside' | 'all';

export interface CallToAuthorize {
  guid: string;
  caller: string;
  dialled: string;
  /** The call is routed to a trunk (an outside call). */
  outside: boolean;
}

export interface AuthorizationResult {
  allow: boolean;
  /** End reason of a refused call (radius-reject, radius-no-answer); null when allowed. */
  reason: string | null;
  detail: string;
}

export function needsAuthorization(mode: AuthorizeMode, call: Pick<CallToAuthorize, 'outside'>): boolean {
  return mode === 'all' || (mode === 'outside' && call.outside);
}

/** The Access-Request's attributes (NAS-IP-Address is added by the client). */
export function accessRequestAttributes(account: Pick<SipAccount, 'extension' | 'password'>, call: CallToAuthorize): RadiusAttribute[] {
  return [
    ['User-Name', account.extension],
    // An account trusted by its address (no password) sends none: the server decides by User-Name.
    ...(account.password ? [['User-Password', account.password] as RadiusAttribute] : []),
    ['Calling-Station-Id', call.caller],
    ['Called-Station-Id', call.dialled],
    ['Acct-Session-Id', call.guid],
    ['NAS-Port-Type', 'Virtual'],
    ['Service-Type', 'Login-User'],
  ];
}

export function decide(answer: AuthAnswer, onNoAnswer: 'refuse' | 'allow'): AuthorizationResult {
  switch (answer) {
    case 'accept': return { allow: true, reason: null, detail: 'Access-Accept' };
    case 'reject': return { allow: false, reason: 'radius-reject', detail: 'Access-Reject' };
    case 'no-answer':
      return onNoAnswer === 'allow'
        ? { allow: true, reason: null, detail: 'no answer from the RADIUS server: allowed (radius.authOnNoAnswer)' }
        : { allow: false, reason: 'radius-no-answer', detail: 'no answer from the RADIUS server: refused (radius.authOnNoAnswer)' };
  }
}

export interface CallAuthorizationSettings extends AuthServer {
  authorizeCalls: AuthorizeMode;
  authOnNoAnswer: 'refuse' | 'allow';
}

/** What the Stasis app asks: null when the call needs no authentication, else the answer to wait for. */
export type AuthorizeCall = (account: SipAccount, call: CallToAuthorize) => Promise<AuthorizationResult> | null;

export interface CallAuthorization {
  authorize: AuthorizeCall;
  close(): Promise<void>;
}

/** Null when radius.authorizeCalls is off (nothing is sent, no socket is opened). */
export function startCallAuthorization(s: CallAuthorizationSettings, log: Logger): CallAuthorization | null {
  if (s.authorizeCalls === 'off') return null;
  const client = new RadiusAuthClient(s, log);
  return {
    authorize: (account, call) => {
      if (!needsAuthorization(s.authorizeCalls, call)) return null;
      return client.request(accessRequestAttributes(account, call)).then((answer) => {
        const result = decide(answer, s.authOnNoAnswer);
        log.info({ guid: call.guid, account: account.extension, answer, allow: result.allow }, 'RADIUS call authentication');
        return result;
      });
    },
    close: () => client.close(),
  };
}
