/**
 * Media over the API (issue 19): recordings played in the browser or downloaded (HTTP Range;
 * an agent only recordings of its own calls), prompts uploaded (WAV/MP3/OGG converted by sox),
 * listed, previewed and deleted, fax PDFs uploaded into the outgoing folder and fax files
 * downloaded. Uploads are JSON with the file in base64 (the write guard takes only JSON writes,
 * which keeps forms of other sites out); their size limit is UPLOAD_JSON_LIMIT.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import { decodeUpload, PROMPT_LANGUAGE, PROMPT_NAME } from '../media/audio-format';
import { PromptError, type PromptStore } from '../media/prompt-store';
import { sendMediaFile } from '../media/send-file';
import { FAX_FILE_NAME } from '../fax/fax-sender';
import { readTiffInfo } from '../fax/tiff-info';
import { writeFileNoFollow } from '../util/safe-write';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { guid } from './schemas';
import { WEB_DIR } from './reports-page';

/** Routes whose JSON bodies carry a file (base64): mounted with a larger body limit (server.ts). */
export const UPLOAD_PATHS = ['/api/v1/prompts', '/api/v1/faxes/files'];
export const UPLOAD_JSON_LIMIT = '25mb';
const MAX_PROMPT_BYTES = 16 * 1024 * 1024;
const MAX_FAX_BYTES = 16 * 1024 * 1024;

const base64 = z.string().min(1, 'required').max(Math.ceil(MAX_PROMPT_BYTES / 3) * 4 + 1024, 'the file is too big')
  .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, 'the file in base64');
const promptName = z.string().regex(PROMPT_NAME, 'a prompt name: letters, digits, _ or - (1-64)');
const promptLanguage = z.string().regex(PROMPT_LANGUAGE, 'a language like "en" or "zh_CN"');
const download = z.enum(['0', '1']).optional();

export interface MediaDirs {
  /** Call and voicemail recordings as this process sees them. */
  recordings: string;
  /** Fax folders: as Asterisk writes paths into fax_records, and as this process sees them. */
  faxIn: string; faxOut: string; faxConverted: string;
  asteriskVarDir: string; hostVarDir: string;
}

async function recordingRow(pool: Pool, g: string, kind: 'call' | 'voicemail' | undefined): Promise<RowDataPacket | null> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT r.call_guid, r.kind, r.path, r.agent, c.agent AS call_agent FROM recordings r LEFT JOIN call_records c ON c.guid = r.call_guid
     WHERE r.call_guid = ? AND r.purge_started_at IS NULL ${kind ? 'AND r.kind = ?' : ''} ORDER BY r.kind = 'call' DESC LIMIT 1`, kind ? [g, kind] : [g]);
  return rows[0] ?? null;
}

function promptFailure(err: unknown): never {
  if (err instanceof PromptError) {
    const status = err.code === 'bad-audio' ? 400 : err.code === 'not-found' ? 404 : 503;
    throw new ApiError(status, err.code, err.message);
  }
  throw err;
}

export function mediaRoutes(pool: Pool, prompts: PromptStore, dirs: MediaDirs): ApiRoute[] {
  const promptParams = z.object({ name: promptName }).strict();
  const promptQuery = z.object({ language: promptLanguage.optional(), download }).strict();
  return [
    defineRoute({
      method: 'get', path: '/media', tag: 'recordings', role: 'agent', produces: 'text/html',
      summary: 'The media page: recordings (search, play, download), voicemail (play, heard, delete), prompts (upload, preview), fax files; what a signed-in user may see follows the routes it calls',
      handler: (_input, _req, res) => res.sendFile(join(WEB_DIR, 'media.html')),
    }),
    defineRoute({
      method: 'get', path: '/media.js', tag: 'recordings', role: 'agent', produces: 'text/javascript',
      summary: 'The media page\'s script',
      handler: (_input, _req, res) => res.type('text/javascript').sendFile(join(WEB_DIR, 'media.js')),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/recordings/:guid/audio', tag: 'recordings', role: 'agent',
      params: z.object({ guid }).strict(), query: z.object({ kind: z.enum(['call', 'voicemail']).optional(), download }).strict(),
      produces: 'audio/wav',
      summary: 'A call\'s recording (or its voicemail: kind=voicemail), to play in the browser (inline) or download (download=1). HTTP Range answers 206 with Content-Range (416 past the end). Agents: only recordings of their own calls',
      errors: { 404: 'no recording of this call (or its file was deleted by retention)' },
      handler: async ({ params, query, principal }, req, res) => {
        const row = await recordingRow(pool, params.guid, query.kind);
        if (!row) throw new ApiError(404, 'no-recording', `no ${query.kind ?? ''} recording of call ${params.guid}`.replace('  ', ' '));
        if (principal.role === 'agent' && row.agent !== principal.agent && row.call_agent !== principal.agent) {
          throw new ApiError(403, 'not-your-call', `agent ${principal.agent} may play only recordings of its own calls`);
        }
        sendMediaFile(req, res, row.path, { dirs: [dirs.recordings], what: `recording of call ${params.guid}`, downloadAs: query.download === '1' ? `${row.kind}-${params.guid}.wav` : undefined });
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/prompts', tag: 'prompts', role: 'supervisor',
      summary: 'Uploaded prompts: name, language (null: every language), size, duration; a flow plays one as "file:<name>" in the call\'s language',
      handler: () => ({ prompts: prompts.list() }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/prompts', tag: 'prompts', role: 'admin',
      body: z.object({ name: promptName, language: promptLanguage.optional(), audio: base64 }).strict(),
      summary: 'Upload a prompt (WAV, MP3 or OGG, base64 in "audio", at most 16 MB, 10 minutes kept): converted by sox to 8 kHz mono 16-bit WAV and stored as <language>/<name>.wav (no language: the default for every language), replacing one of that name. Flows play it as "file:<name>"; the call\'s language picks the file',
      errors: { 503: 'sox cannot be run' },
      handler: async ({ body }) => {
        const data = decodeUpload(body.audio, MAX_PROMPT_BYTES);
        if (!data.ok) throw new ApiError(400, 'invalid-body', 'invalid body', { problems: [`audio: ${data.problem}`] });
        try {
          return { status: 201, body: await prompts.save(body.name, body.language ?? null, data.data) };
        } catch (err) {
          return promptFailure(err);
        }
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/prompts/:name/audio', tag: 'prompts', role: 'supervisor', params: promptParams, query: promptQuery,
      produces: 'audio/wav',
      summary: 'Play (preview) or download an uploaded prompt; language= picks a language\'s version (none: the default one)',
      errors: { 404: 'no such prompt' },
      handler: ({ params, query }, req, res) => {
        const path = prompts.path(params.name, query.language ?? null);
        if (!existsSync(path)) throw new ApiError(404, 'not-found', `no prompt ${params.name}${query.language ? ` in ${query.language}` : ''}`);
        sendMediaFile(req, res, path, { dirs: [join(path, '..')], what: `prompt ${params.name}`, downloadAs: query.download === '1' ? `${params.name}.wav` : undefined });
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/prompts/:name', tag: 'prompts', role: 'admin', params: promptParams,
      query: z.object({ language: promptLanguage.optional() }).strict(),
      summary: 'Delete an uploaded prompt (language= one language\'s version). A flow still naming it plays nothing for it',
      errors: { 404: 'no such prompt' },
      handler: ({ params, query }) => {
        try {
          prompts.remove(params.name, query.language ?? null);
        } catch (err) {
          promptFailure(err);
        }
        return { deleted: { name: params.name, language: query.language ?? null } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/faxes/files', tag: 'fax', role: 'agent',
      body: z.object({ name: z.string().regex(FAX_FILE_NAME, 'a file name: name.pdf, name.tif or name.tiff'), content: base64, replace: z.boolean().default(false) }).strict(),
      summary: 'Upload a PDF (or a fax TIFF) into the outgoing fax folder (base64 in "content", at most 16 MB), then send it with POST /api/v1/faxes {file: name}. 409 when a file of that name is there and replace is not true',
      errors: { 409: 'a file of that name is already in the outgoing folder' },
      handler: ({ body }) => {
        const data = decodeUpload(body.content, MAX_FAX_BYTES);
        if (!data.ok) throw new ApiError(400, 'invalid-body', 'invalid body', { problems: [`content: ${data.problem}`] });
        const pdf = /\.pdf$/i.test(body.name);
        const head = data.data.subarray(0, 1024);
        if (pdf && !head.includes('%PDF-')) throw new ApiError(400, 'bad-file', `${body.name} is not a PDF (no %PDF- header)`);
        if (!pdf && !(head[0] === 0x49 && head[1] === 0x49) && !(head[0] === 0x4d && head[1] === 0x4d)) throw new ApiError(400, 'bad-file', `${body.name} is not a TIFF`);
        const path = join(dirs.faxOut, body.name);
        if (existsSync(path) && !body.replace) throw new ApiError(409, 'file-exists', `${body.name} is already in the outgoing fax folder (replace: true to overwrite it)`);
        if (!pdf) {
          // Checked in a private folder first: a refused upload leaves nothing behind.
          const work = mkdtempSync(join(tmpdir(), 'cc-fax-upload-'));
          let pages = 0;
          try {
            writeFileNoFollow(join(work, 'in.tif'), data.data, 0o600);
            pages = readTiffInfo(join(work, 'in.tif')).pages;
          } catch {
            pages = 0;
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
          if (pages < 1) throw new ApiError(400, 'bad-file', `${body.name} is not a TIFF with pages`);
        }
        writeFileNoFollow(path, data.data, 0o644);
        return { status: 201, body: { file: body.name, bytes: data.data.length } };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/faxes/:guid/file', tag: 'fax', role: 'agent', params: z.object({ guid }).strict(), query: z.object({ download }).strict(),
      produces: 'image/tiff',
      summary: 'The TIFF of a fax (received, or the one sent), inline or as a download (download=1). Agents: only faxes sent for them; received faxes need the supervisor role',
      errors: { 404: 'no such fax, or its file was deleted by retention' },
      handler: async ({ params, query, principal }, req, res) => {
        const [rows] = await pool.query<RowDataPacket[]>('SELECT guid, direction, agent, file, file_purged_at FROM fax_records WHERE guid = ?', [params.guid]);
        const fax = rows[0];
        if (!fax) throw new ApiError(404, 'not-found', `no fax ${params.guid}`);
        if (principal.role === 'agent' && fax.agent !== principal.agent) throw new ApiError(403, 'not-your-fax', `agent ${principal.agent} may download only faxes sent for it`);
        if (fax.file_purged_at) throw new ApiError(404, 'no-file', `the file of fax ${params.guid} was deleted by the retention job`);
        const file = String(fax.file);
        const host = file.startsWith(`${dirs.asteriskVarDir}/`) ? `${dirs.hostVarDir}${file.slice(dirs.asteriskVarDir.length)}` : file;
        sendMediaFile(req, res, host, { dirs: [dirs.faxIn, dirs.faxOut, dirs.faxConverted], what: `fax ${params.guid}`, downloadAs: query.download === '1' ? `fax-${params.guid}.tif` : undefined });
      },
    }),
  ];
}
