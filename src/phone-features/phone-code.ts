/**
 * What the phone's own feature codes do (issue 20): forwarding, DND and call waiting changes
 * answer with a beep (an error tone when refused); a plain `*` picks up the call ringing longest
 * in the picker's own group(s) (002 §5(7) 摘机并按'*'即可抢接): a call the group's queue offers to a
 * member, a ring-all call of the group, or a direct call ringing at a fellow member.
 */
import type { ChannelOwner } from '../calls/registry';
import type { GroupConfig } from '../domain';
import type { Logger } from '../log/logger';
import type { PhoneFeatureRequest } from './phone-features';
import { PhoneFeatureError, type PhoneFeatureService } from './phone-feature-service';

export interface PhoneCodeContext {
  features: PhoneFeatureService;
  calls: () => ChannelOwner[];
  groups: () => Iterable<GroupConfig>;
  /** Plays prompts to the dialling phone, then hangs it up. */
  announce: (prompts: string[]) => void;
  log: Logger;
}

/** The call a `*` pickup of `picker` takes: ringing longest in one of its groups, not at the picker. */
export function groupPickupTarget(picker: string, calls: ChannelOwner[], groups: Iterable<GroupConfig>): ChannelOwner | null {
  const mine = [...groups].filter((g) => g.members.some((m) => m.extension === picker));
  const names = new Set(mine.map((g) => g.name));
  const colleagues = new Set(mine.flatMap((g) => g.members.map((m) => m.extension)));
  const found = calls
    .map((c) => ({ c, r: c.ringing?.() ?? null }))
    .filter((x) => x.r && x.r.extension !== picker && (x.r.group ? names.has(x.r.group) : colleagues.has(x.r.extension)))
    .sort((a, b) => a.r!.since - b.r!.since)[0];
  return found?.c ?? null;
}

export async function onPhoneCode(ctx: PhoneCodeContext, agent: string, req: PhoneFeatureRequest, channelId: string): Promise<void> {
  if (req.kind === 'group-pickup') {
    const target = groupPickupTarget(agent, ctx.calls(), ctx.groups());
    ctx.log.info({ agent, found: target?.guid ?? null }, 'group pickup requested');
    if (target?.pickup && (await target.pickup(agent, channelId))) return;
    ctx.announce(['beeperr']);
    return;
  }
  try {
    await ctx.features.change(agent, req.change);
    ctx.announce(['beep']);
  } catch (err) {
    if (!(err instanceof PhoneFeatureError)) throw err;
    ctx.log.info({ agent, problems: err.problems }, 'phone feature code refused');
    ctx.announce(['beeperr']);
  }
}
