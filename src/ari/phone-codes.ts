/**
 * Codes a phone dials that the app answers itself, before any routing: the agents' feature codes
 * (A1, A5: log in, ready, not ready, log out, pickup; hot-desk login `*11<agent id>*<pin>#`) and the phone features' codes (issue 20:
 * forwarding, DND, call waiting, plain * pickup). Split out of stasis-app.ts, which hands a new
 * account channel here first.
 */
import { AnnouncementCall } from '../calls/announcement-call';
import { AgentStateError } from '../agents/agent-state';
import { matchFeatureCode, type FeatureRequest } from '../agents/feature-codes';
import { matchPhoneFeatureCode } from '../phone-features/phone-features';
import { onPhoneCode } from '../phone-features/phone-code';
import { parseHotDeskLogin } from '../hotdesk/seating';
import type { Logger } from '../log/logger';
import type { LiveSnapshot } from '../sync/live-config';
import type { StasisAppDeps } from './stasis-app';

type CodeDeps = Pick<StasisAppDeps, 'ari' | 'registry' | 'agents' | 'features' | 'promptDir' | 'phoneFeatures' | 'phoneFeatureCodes' | 'hotDeskLogin'>;

/** True when `dialled` is a code the app handled on this channel (the call is not routed then). */
export function handlePhoneCode(deps: CodeDeps, agent: string, dialled: string, channelId: string, guid: string, live: LiveSnapshot, log: Logger): boolean {
  const announce = (l: Logger) => (prompts: string[]) => new AnnouncementCall(guid, channelId, deps.ari, deps.registry, l, deps.promptDir).play(prompts);
  // Hot-desking: the login code with an agent ID and PIN (`*1120011*4321#`) seats that agent ID here.
  const hotDesk = deps.hotDeskLogin ? parseHotDeskLogin(dialled, deps.features.login) : null;
  if (hotDesk) {
    const l = log.child({ agent, agentId: hotDesk.agent });
    void deps.hotDeskLogin!(hotDesk.agent, hotDesk.pin, agent)
      .then((ok) => announce(l)([ok ? 'agent-loginok' : 'beeperr']))
      .catch((err) => { l.error({ err: (err as Error).message }, 'hot-desk login failed'); announce(l)(['beeperr']); });
    return true;
  }
  const feature = matchFeatureCode(dialled, deps.features);
  if (feature) {
    const l = log.child({ agent });
    void onFeature(deps, agent, feature, channelId, live, l, announce(l)).catch((err) => log.error({ err: (err as Error).message }, 'feature code failed'));
    return true;
  }
  const phoneCode = deps.phoneFeatures && deps.phoneFeatureCodes ? matchPhoneFeatureCode(dialled, deps.phoneFeatureCodes) : null;
  if (phoneCode) {
    void onPhoneCode({
      features: deps.phoneFeatures!, calls: () => deps.registry.all(), groups: () => live.groups.values(), log: log.child({ agent }),
      announce: announce(log),
    }, agent, phoneCode, channelId).catch((err) => log.error({ err: (err as Error).message }, 'phone feature code failed'));
    return true;
  }
  return false;
}

/** Feature codes (A1, A5): agent state changes answer with a prompt; pickup joins the call. */
async function onFeature(deps: CodeDeps, agent: string, f: FeatureRequest, channelId: string, live: LiveSnapshot, log: Logger, announce: (prompts: string[]) => void): Promise<void> {
  if (f.kind === 'pickup') {
    const group = [...live.groups.values()].find((g) => g.number === f.target);
    const target = deps.registry.all()
      .map((c) => ({ c, r: c.ringing?.() ?? null }))
      .filter((x) => x.r && (group ? x.r.group === group.name : x.r.extension === f.target) && x.r.extension !== agent)
      .sort((a, b) => a.r!.since - b.r!.since)[0];
    log.info({ target: f.target, group: group?.name, found: target?.c.guid ?? null }, 'pickup requested');
    if (target?.c.pickup && (await target.c.pickup(agent, channelId))) return;
    announce(['beeperr']);
    return;
  }
  try {
    switch (f.kind) {
      case 'login': deps.agents.apply(agent, { type: 'login' }); announce(['agent-loginok']); break;
      case 'ready': deps.agents.apply(agent, { type: 'ready' }); announce(['beep']); break;
      case 'not-ready': deps.agents.apply(agent, { type: 'not-ready', reason: f.reason }); announce(['beep']); break;
      case 'logout': deps.agents.apply(agent, { type: 'logout', reason: 'phone' }); announce(['agent-loggedoff']); break;
    }
  } catch (err) {
    log.info({ feature: f.kind, err: (err as Error).message }, 'feature code refused');
    if (err instanceof AgentStateError || (err as { code?: string }).code === 'unknown-agent') announce(['beeperr']);
    else throw err;
  }
}
