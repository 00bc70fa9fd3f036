/**
 * Feature codes an agent keys DURING a call (C3), read from the DTMF of the agent's leg. Pure.
 *   *5<ext>#    blind transfer to an extension (or agent)
 *   *6<group>#  blind transfer to a group (by its number)
 *   *8          consult ("hook flash"): the caller is held and the agent hears dial tone; then
 *   <number>#   dials the consult target (an extension or an outside number with its prefix);
 *   *8 again    while consulting returns to the caller (the target is hung up);
 *   hanging up  while consulting completes the transfer.
 * A pause of more than `gapMs` between keys forgets what was keyed so far.
 */

export interface InCallCodes {
  transfer: string;
  transferToGroup: string;
  consult: string;
}

export type InCallRequest =
  | { kind: 'transfer'; target: string }
  | { kind: 'transfer-group'; group: string }
  | { kind: 'consult' }
  | { kind: 'consult-dial'; number: string }
  | { kind: 'consult-cancel' };

export class InCallKeys {
  private keys = '';
  private lastAt = 0;
  /** After *8: the next keys up to # are the number to consult. */
  private collecting = false;
  private consulting = false;

  constructor(private readonly codes: InCallCodes, private readonly gapMs = 5000) {}

  /** Tells the reader the consult ended (completed, cancelled or failed). */
  consultEnded(): void {
    this.consulting = false;
    this.collecting = false;
    this.keys = '';
  }

  get isCollecting(): boolean {
    return this.collecting;
  }

  feed(digit: string, now: number): InCallRequest | null {
    if (!/^[0-9*#]$/.test(digit)) return null;
    if (now - this.lastAt > this.gapMs && !this.collecting) this.keys = '';
    this.lastAt = now;
    if (this.collecting) return this.collect(digit);
    this.keys = `${this.keys}${digit}`;
    if (!this.keys.startsWith('*')) {
      this.keys = '';
      return null;
    }
    if (this.keys === this.codes.consult) {
      this.keys = '';
      if (this.consulting) {
        this.consultEnded();
        return { kind: 'consult-cancel' };
      }
      this.consulting = true;
      this.collecting = true;
      return { kind: 'consult' };
    }
    const done = this.keys.endsWith('#') ? this.keys.slice(0, -1) : null;
    for (const [code, kind] of [[this.codes.transfer, 'transfer'], [this.codes.transferToGroup, 'transfer-group']] as const) {
      if (!(done ?? this.keys).startsWith(code)) continue;
      const rest = (done ?? this.keys).slice(code.length);
      if (!/^[0-9]*$/.test(rest) || rest.length > 16) break;
      if (done === null) return null; // still keying
      this.keys = '';
      if (this.consulting || rest === '') return null;
      return kind === 'transfer' ? { kind: 'transfer', target: rest } : { kind: 'transfer-group', group: rest };
    }
    // A prefix of some code: wait for more keys; anything else is forgotten.
    const codes = [this.codes.consult, this.codes.transfer, this.codes.transferToGroup];
    if (!codes.some((c) => c.startsWith(this.keys) || this.keys.startsWith(c))) this.keys = '';
    if (done !== null) this.keys = '';
    return null;
  }

  private collect(digit: string): InCallRequest | null {
    if (digit === '*') {
      this.keys = '*';
      this.collecting = false;
      return null;
    }
    if (digit === '#') {
      const number = this.keys;
      this.keys = '';
      if (!number) return null;
      this.collecting = false;
      return { kind: 'consult-dial', number };
    }
    if (this.keys.length >= 32) return null;
    this.keys += digit;
    return null;
  }
}
