/**
 * A campaign's preview or progressive call (issue 22) is an agent-first call
 * (src/calls/agent-first.ts), the same call a queue callback makes: the agent's phone rings first
 * showing the customer's number and the campaign's name, with the list row as screen pop
 * variables; once the agent answers, the number is dialled as the agent's phone would dial it and
 * the session core does the rest (bridge, recording, record, agent states). An adapter: the
 * dialer decides, this starts the call and passes its answers back.
 */
import { AgentFirstCall, type AgentFirstDeps } from '../calls/agent-first';
import type { CampaignCall, CampaignCallHooks } from './dialer';

export function startCampaignCall(deps: AgentFirstDeps, call: CampaignCall, hooks: CampaignCallHooks, ringTimeoutSec: number): void {
  const c = new AgentFirstCall(deps, {
    guid: call.guid, agent: call.agent, dial: call.dial, customerNumber: call.customerNumber, displayName: call.displayName,
    ringTimeoutSec, group: call.group, variables: call.variables, record: true,
  }, {
    agentMissed: () => hooks.agentMissed(),
    agentAnswered: () => hooks.agentAnswered(),
    customerAnswered: () => hooks.customerAnswered(),
    // The group is named on the agent's screen pop only: the call itself is the agent's outbound
    // call (no group survey for the customer, no group wrap-up, no queue figures), recorded; the
    // campaign joins it by GUID (campaign_attempts.call_guid).
    prepare: (s) => { s.group = null; },
    // The call record ends the attempt (the dialer listens to the record writer).
    ended: () => undefined,
  });
  void c.start().catch((err) => {
    deps.log.error({ guid: call.guid, err: (err as Error).message }, 'campaign call failed to start');
    hooks.agentMissed();
  });
}
