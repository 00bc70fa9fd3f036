/** What a queued call needs of the callback service (src/calls/contact/callback-key.ts uses it). */
export interface CallbackDesk {
  /** The key a caller queued in this group presses to be called back, or null. */
  keyOf(group: string): string | null;
  /** Books a callback that keeps the caller's place (enteredAt); false when refused. */
  request(r: { group: string; number: string; originGuid: string; enteredAt: number }): Promise<boolean>;
}
