/**
 * Voicemail over the API (issue 19): mailboxes per agent and per group (a queue's overflow
 * message lands in the group's box), messages listed, played or downloaded (HTTP Range), marked
 * heard and deleted. Agents reach their own box and the boxes of their groups; supervisors all.
 * Every change updates the phones' message-waiting lamps.
 */
import { closeSync, unlinkSync } from 'node:fs';
import { z } from 'zod';
import type { Pool } from '../db/pool';
import { deleteVoicemail, getVoicemail, listVoicemail, mailboxCounts, markHeard, parseMailbox, type Mailbox, type VoicemailMessage } from '../db/voicemail-repository';
import { openConfined, sendMediaFile } from '../media/send-file';
import type { Principal } from './auth';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { guid } from './schemas';

export interface VoicemailRouteDeps {
  pool: Pool;
  /** The recording folder as this process sees it. */
  recordingDir: string;
  /** The groups an agent belongs to (live configuration). */
  groupsOf: (extension: string) => readonly string[];
  /** Called after a change (heard, deleted): the lamps follow. */
  changed: () => void;
  /** What each phone's message-waiting lamp was last told. */
  lamps: () => { extension: string; new: number; old: number }[];
}

const mailbox = z.string().refine((s) => parseMailbox(s) !== null, 'a mailbox: agent:<extension>, group:<name> or general');

function boxesOf(d: VoicemailRouteDeps, p: Principal): Mailbox[] | null {
  if (p.role !== 'agent') return null;
  return p.agent ? [{ kind: 'agent', name: p.agent }, ...d.groupsOf(p.agent).map((g): Mailbox => ({ kind: 'group', name: g }))] : [];
}

function mayReach(d: VoicemailRouteDeps, p: Principal, box: string): boolean {
  const own = boxesOf(d, p);
  return own === null || own.some((b) => (b.kind === 'general' ? 'general' : `${b.kind}:${b.name}`) === box);
}

function view(m: VoicemailMessage): object {
  const { path: _path, ...rest } = m;
  return { ...rest, audio: `/api/v1/voicemail/${m.guid}/audio` };
}

async function message(d: VoicemailRouteDeps, p: Principal, g: string): Promise<VoicemailMessage> {
  const m = await getVoicemail(d.pool, g);
  if (!m) throw new ApiError(404, 'not-found', `no voicemail message ${g}`);
  if (!mayReach(d, p, m.mailbox)) throw new ApiError(403, 'not-your-mailbox', `${p.name} may not reach mailbox ${m.mailbox}`);
  return m;
}

export function voicemailRoutes(d: VoicemailRouteDeps): ApiRoute[] {
  const params = z.object({ guid }).strict();
  return [
    defineRoute({
      method: 'get', path: '/api/v1/voicemail', tag: 'voicemail', role: 'agent',
      query: z.object({ mailbox: mailbox.optional(), unheard: z.enum(['0', '1']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(),
      summary: 'Voicemail messages, newest first: mailbox (agent:<ext>, group:<name>, general), caller, time, duration, heard. Agents: their own box and their groups\' boxes (mailbox= narrows to one)',
      handler: async ({ query, principal }) => {
        if (query.mailbox && !mayReach(d, principal, query.mailbox)) throw new ApiError(403, 'not-your-mailbox', `${principal.name} may not reach mailbox ${query.mailbox}`);
        const boxes = query.mailbox ? [parseMailbox(query.mailbox)!] : boxesOf(d, principal);
        const rows = await listVoicemail(d.pool, boxes, { unheardOnly: query.unheard === '1', limit: query.limit });
        return { messages: rows.map(view) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/voicemail/mailboxes', tag: 'voicemail', role: 'agent',
      summary: 'Mailboxes with messages and their new (unheard) and old (heard) counts; agents: only theirs',
      handler: async ({ principal }) => {
        const counts = await mailboxCounts(d.pool);
        return { mailboxes: [...counts].filter(([box]) => mayReach(d, principal, box)).map(([box, c]) => ({ mailbox: box, ...c })) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/voicemail/lamps', tag: 'voicemail', role: 'supervisor',
      summary: 'What each phone\'s message-waiting lamp was last told (SIP NOTIFY message-summary): new and old messages of its agent\'s box and its groups\' boxes',
      handler: () => ({ lamps: d.lamps() }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/voicemail/:guid/audio', tag: 'voicemail', role: 'agent', params,
      query: z.object({ download: z.enum(['0', '1']).optional() }).strict(), produces: 'audio/wav',
      summary: 'Play (inline) or download (download=1) a voicemail message; HTTP Range answers 206',
      errors: { 404: 'no such message, or its file is gone' },
      handler: async ({ params: p, query, principal }, req, res) => {
        const m = await message(d, principal, p.guid);
        sendMediaFile(req, res, m.path, { dirs: [d.recordingDir], what: `voicemail ${p.guid}`, downloadAs: query.download === '1' ? `voicemail-${p.guid}.wav` : undefined });
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/voicemail/:guid/heard', tag: 'voicemail', role: 'agent', params,
      body: z.object({ heard: z.boolean().default(true) }).strict(),
      summary: 'Mark a message heard (or again unheard with {"heard": false}); the phones\' lamps follow',
      errors: { 404: 'no such message' },
      handler: async ({ params: p, body, principal }) => {
        const m = await message(d, principal, p.guid);
        await markHeard(d.pool, m.guid, principal.name, body.heard);
        d.changed();
        return { guid: m.guid, mailbox: m.mailbox, heard: body.heard };
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/voicemail/:guid', tag: 'voicemail', role: 'agent', params,
      summary: 'Delete a message: its file and recordings row go (as the retention job deletes recordings); the call record keeps status 16; who deleted it is kept',
      errors: { 404: 'no such message' },
      handler: async ({ params: p, principal }) => {
        const m = await message(d, principal, p.guid);
        await deleteVoicemail(d.pool, m, principal.name, (path) => {
          // Only a file right in the recording folder, never through a link; one already gone is fine.
          const f = openConfined(path, [d.recordingDir]);
          if (!f) return;
          closeSync(f.fd);
          try {
            unlinkSync(path);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          }
        });
        d.changed();
        return { deleted: m.guid, mailbox: m.mailbox };
      },
    }),
  ];
}
