/**
 * The Asterisk dial string of a trunk call, by the trunk's technology (S3, S7, S8):
 * PJSIP/<number>@<trunk>, OOH323/<number>@<trunk> (an H.323 gateway peer),
 * DAHDI/g<group>/<number> (a board's channel group). Pure.
 */
import type { TrunkConfig } from '../domain';

export function trunkDialString(trunkName: string, number: string, trunk: TrunkConfig | undefined): string {
  switch (trunk?.technology) {
    case 'ooh323':
      return `OOH323/${number}@${trunkName}`;
    case 'dahdi':
      if (!trunk.dahdiGroup) throw new Error(`DAHDI trunk ${trunkName} has no dahdi_group`);
      return `DAHDI/g${trunk.dahdiGroup}/${number}`;
    default:
      return `PJSIP/${number}@${trunkName}`;
  }
}
