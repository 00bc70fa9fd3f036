/**
 * The Asterisk dial string of a trunk call, by the trunk's technology (S3, S7, S8):
 * PJSIP/<trunk>/sip:<number>@<trunk's address>, OOH323/<number>@<trunk> (an H.323 gateway peer),
 * DAHDI/g<group>/<number> (a board's channel group). Pure.
 *
 * Issue 18, qualify ride-over: a PJSIP trunk is dialled with an explicit Request-URI (the AOR's
 * own contact with the number as user), not as `<number>@<trunk>`. With `<number>@<trunk>`
 * Asterisk dials only contacts its qualify last found reachable: one OPTIONS answered late under
 * load marks the contact Unavailable and every call fails at once ("Could not create dialog to
 * invalid URI"), whatever the app decided. With the URI the endpoint's settings still apply
 * (transport, outbound proxy, auth, from domain, codecs) and the app's trunk health
 * (src/routing/trunk-state.ts: qualify plus the outcome of recent calls) decides alone.
 * A number that is not plain digits (with + or *) keeps the `<number>@<trunk>` form.
 */
import type { TrunkConfig } from '../domain';
import { trunkSip } from './sip-transport';

export function trunkDialString(trunkName: string, number: string, trunk: TrunkConfig | undefined): string {
  switch (trunk?.technology) {
    case 'ooh323':
      return `OOH323/${number}@${trunkName}`;
    case 'dahdi':
      if (!trunk.dahdiGroup) throw new Error(`DAHDI trunk ${trunkName} has no dahdi_group`);
      return `DAHDI/g${trunk.dahdiGroup}/${number}`;
    default: {
      const uri = trunk ? trunkRequestUri(trunk, number) : null;
      return uri ? `PJSIP/${trunkName}/${uri}` : `PJSIP/${number}@${trunkName}`;
    }
  }
}

/** sip:<number>@<the AOR's contact host[:port]>[;transport=tcp], or null when the number or the row does not make a plain URI. */
export function trunkRequestUri(trunk: TrunkConfig, number: string): string | null {
  if (!/^\+?[0-9*]{1,64}$/.test(number) || !/^[A-Za-z0-9.-]+$/.test(trunk.host)) return null;
  try {
    const contact = trunkSip(trunk).contact.replace(/\\;/g, ';'); // sip:host:port[;transport=tcp] (escaped for config files)
    return contact.startsWith('sip:') ? `sip:${number}@${contact.slice(4)}` : null;
  } catch {
    return null;
  }
}
