/**
 * C8: the numbers answered by the fax receiver, as dialplan (extensions_fax.conf). Calls to
 * them never reach the Stasis app: [callcenter-in] sends them to [callcenter-fax-in] first.
 * Pure: numbers in, dialplan text out.
 */
export const FAX_IN_CONTEXT = 'callcenter-fax-in';

export function renderFaxDialplan(numbers: { number: string; enabled: boolean }[]): string {
  const lines = ['; Generated from the database (fax_numbers) by the callcenter app. Do not edit.', `[${FAX_IN_CONTEXT}]`];
  for (const n of numbers.filter((x) => x.enabled)) {
    if (!/^\+?[0-9]+$/.test(n.number)) throw new Error('a fax number (fax_numbers.number) is not a number: digits only, an optional leading +');
    lines.push(`exten => ${n.number},1,Set(CC_FAX_CALLEE=\${EXTEN})`, ' same => n,Goto(callcenter-fax-receive,s,1)');
  }
  return `${lines.join('\n')}\n`;
}
