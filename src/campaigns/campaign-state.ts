/**
 * A campaign's life (issue 22): explicit states and the commands that move between them. Pure;
 * the service logs one line per transition and publishes campaign.state.
 *
 *   stopped --start--> running --pause--> paused --start--> running
 *   running|paused --stop--> stopped          running --finish--> finished (no contact left)
 *   finished --start--> running (after a new list was imported)
 */
export type CampaignState = 'stopped' | 'running' | 'paused' | 'finished';
export type CampaignCommand = 'start' | 'pause' | 'stop' | 'finish';

export const CAMPAIGN_STATES: readonly CampaignState[] = ['stopped', 'running', 'paused', 'finished'];

const TABLE: Readonly<Record<CampaignState, Partial<Record<CampaignCommand, CampaignState>>>> = {
  stopped: { start: 'running' },
  running: { pause: 'paused', stop: 'stopped', finish: 'finished' },
  paused: { start: 'running', stop: 'stopped' },
  finished: { start: 'running', stop: 'stopped' },
};

/** The next state, or null when the command is not allowed in this state. */
export function nextCampaignState(from: CampaignState, command: CampaignCommand): CampaignState | null {
  return TABLE[from][command] ?? null;
}

/** Whether the dialer places new calls in this state (calls in progress always finish). */
export function dials(state: CampaignState): boolean {
  return state === 'running';
}
