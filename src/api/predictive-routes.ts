/**
 * Live predictive dialling over the CTI API (issue 22): a predictive campaign's answering-machine
 * detection, safe-harbor message and agent ring time, and its live figures (calls by phase,
 * the pacing's last decision, the abandon rate over 30 days). docs/CAMPAIGNS.md.
 */
import { z } from 'zod';
import type { Pool } from '../db/pool';
import * as repo from '../db/campaign-repository';
import * as pdb from '../db/predictive-repository';
import type { PredictiveDialer } from '../campaigns/predictive/predictive-dialer';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';

const id = z.object({ id: z.coerce.number().int().positive() }).strict();
const prompt = z.string().regex(/^(file:)?[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'a sound name like "im-sorry", or "file:<uploaded prompt>"');
/** AMD() takes up to 9 positive integers (ms, counts, a threshold). */
const amdParams = z.string().regex(/^(\d{1,5}(,\d{0,5}){0,8})?$/, 'up to 9 comma separated numbers (AMD() arguments)');

const settingsBody = z.object({
  amd: z.boolean(),
  amdParams: amdParams.default(''),
  safeHarbor: z.array(prompt).min(1).max(8).default([...pdb.DEFAULT_PREDICTIVE.safeHarbor]),
  agentRingSec: z.number().int().min(3).max(60).default(15),
}).strict();

export function predictiveRoutes(pool: Pool, dialer: PredictiveDialer): ApiRoute[] {
  const predictiveCampaign = async (campaignId: number) => {
    const c = await repo.getCampaign(pool, campaignId);
    if (!c) throw new ApiError(404, 'unknown-campaign', `no campaign ${campaignId}`);
    if (c.mode !== 'predictive') throw new ApiError(409, 'not-predictive', `campaign ${c.name} is ${c.mode}, not predictive`);
    return c;
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/campaigns/:id/predictive', tag: 'campaigns', role: 'supervisor', params: id,
      summary: 'A predictive campaign\'s AMD and safe-harbor settings and live figures: calls dialling, screened by AMD, waiting for an agent, ringing an agent, talking; the pacing\'s last decision; abandon rate over 30 days',
      errors: { 404: 'no such campaign', 409: 'not a predictive campaign' },
      handler: async ({ params }) => {
        const c = await predictiveCampaign(params.id);
        return { campaign: c.name, state: c.state, abandonCapPct: c.abandonCapPct, settings: await pdb.getSettings(pool, c.id), live: dialer.live(c.id) };
      },
    }),
    defineRoute({
      method: 'put', path: '/api/v1/campaigns/:id/predictive', tag: 'campaigns', role: 'supervisor', params: id, body: settingsBody,
      summary: 'Set a predictive campaign\'s answering-machine detection (on/off, AMD() parameters), safe-harbor prompts and agent ring time; applies to the next dials',
      errors: { 404: 'no such campaign', 409: 'not a predictive campaign' },
      handler: async ({ params, body }) => {
        const c = await predictiveCampaign(params.id);
        await pdb.putSettings(pool, c.id, body);
        return { campaign: c.name, settings: await pdb.getSettings(pool, c.id) };
      },
    }),
  ];
}
