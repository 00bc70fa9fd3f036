/**
 * C8: sends a TIFF or a PDF from the outgoing fax directory to a number, routed as if the
 * agent's phone dialled it (rules, trunk choice, caller ID). A PDF is converted to a fax TIFF
 * first (pdf-to-tiff.ts), into the converted directory as <guid>.tif. The answered line runs
 * SendFAX in [callcenter-fax-send]; the record is written when that channel ends
 * (fax-recorder.ts). Everything that can be refused is checked before anything is written or
 * dialled, so a refused request changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Client } from 'ari-client';
import { FaxConversionError, looksLikePdf, pdfToFaxTiff, type PdfConverterOptions } from './pdf-to-tiff';
import { readTiffInfo } from './tiff-info';

export const FAX_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.(tiff?|pdf)$/i;

export interface FaxSenderDeps {
  ari: () => Client | null;
  /** The number routed as the agent's phone would dial it; trunk: the one it goes out on. */
  resolveDial: (fromExtension: string, number: string) => { error: string } | { endpoint: string; callerId: string; timeoutSec: number; trunk?: string | null };
  /** Counts the fax's outside leg against its trunk and the agent's account (R8) until the release is called. */
  countCall?: (use: { trunk: string; outboundBy: string | null }) => () => void;
  /** Follows the fax channel (it runs in the dialplan) and runs `release` once it is gone. */
  watchLeg?: (guid: string, channelId: string, release: () => void) => Promise<void>;
  /** The outgoing directory as Asterisk sees it, and as this process sees it. */
  outDir: string;
  hostOutDir: string;
  /** Where converted PDFs go, as Asterisk sees it and as this process sees it. */
  convertedDir: string;
  hostConvertedDir: string;
  converter: PdfConverterOptions;
}

export type FaxSendErrorCode = 'bad-file' | 'unknown-file' | 'not-routable' | 'asterisk-unavailable' | 'converter-unavailable';

export class FaxSendError extends Error {
  constructor(readonly code: FaxSendErrorCode, message: string) {
    super(message);
  }
}

export interface FaxSent { guid: string; endpoint: string; pages: number; tiff: string }

/** The file in the outgoing directory, checked: a regular file that really is in it, and a PDF or a TIFF with pages. */
function checkedFile(d: FaxSenderDeps, file: string): { path: string; pdf: boolean; pages: number } {
  if (!FAX_FILE_NAME.test(file)) throw new FaxSendError('bad-file', `${file} is not a file name of the outgoing fax directory (name.tif, name.tiff or name.pdf)`);
  const path = join(d.hostOutDir, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new FaxSendError('unknown-file', `no fax file ${file} in the outgoing fax directory`);
  // A link out of the directory is refused like a path with "..".
  if (!realpathSync(path).startsWith(realpathSync(d.hostOutDir) + sep)) throw new FaxSendError('bad-file', `${file} points outside the outgoing fax directory`);
  if (/\.pdf$/i.test(file)) {
    if (!looksLikePdf(path)) throw new FaxSendError('bad-file', `${file} is not a PDF (no %PDF- header)`);
    return { path, pdf: true, pages: 0 };
  }
  let pages = 0;
  try {
    pages = readTiffInfo(path).pages;
  } catch {
    // pages stays 0
  }
  if (pages < 1) throw new FaxSendError('bad-file', `${file} is not a TIFF with at least one page`);
  return { path, pdf: false, pages };
}

export async function sendFax(d: FaxSenderDeps, agent: string, number: string, file: string): Promise<FaxSent> {
  const source = checkedFile(d, file);
  const r = d.resolveDial(agent, number);
  if ('error' in r) throw new FaxSendError('not-routable', r.error);
  const client = d.ari();
  if (!client) throw new FaxSendError('asterisk-unavailable', 'the ARI link is down');
  // Counted in the step that checked the limits; every way out below releases it or hands it on.
  const release = (r.trunk && d.countCall?.({ trunk: r.trunk, outboundBy: agent })) || (() => undefined);
  try {
    return await dial(d, client, r, agent, number, source, file, release);
  } catch (err) {
    release();
    throw err;
  }
}

async function dial(d: FaxSenderDeps, client: Client, r: { endpoint: string; callerId: string; timeoutSec: number }, agent: string, number: string,
  source: { path: string; pdf: boolean; pages: number }, file: string, release: () => void): Promise<FaxSent> {
  const guid = randomUUID();
  let tiff = join(d.outDir, file);
  let converted: string | null = null;
  let pages = source.pages;
  if (source.pdf) {
    mkdirSync(d.hostConvertedDir, { recursive: true });
    converted = join(d.hostConvertedDir, `${guid}.tif`);
    try {
      pages = (await pdfToFaxTiff(d.converter, source.path, converted)).pages;
    } catch (err) {
      if (err instanceof FaxConversionError) throw new FaxSendError(err.code === 'converter-unavailable' ? 'converter-unavailable' : 'bad-file', err.message);
      throw err;
    }
    tiff = join(d.convertedDir, `${guid}.tif`);
  }
  const channelId = `${guid}-fax`;
  try {
    await client.channels.originate({
      endpoint: r.endpoint, channelId, callerId: r.callerId, timeout: r.timeoutSec,
      context: 'callcenter-fax-send', extension: 'send', priority: 1,
      variables: { CC_FAX_GUID: guid, CC_FAX_FILE: tiff, CC_FAX_CALLEE: number, CC_FAX_AGENT: agent },
    } as Parameters<Client['channels']['originate']>[0]);
  } catch (err) {
    // Nothing was dialled: the converted file is not kept either.
    if (converted && existsSync(converted)) unlinkSync(converted);
    throw err;
  }
  if (d.watchLeg) await d.watchLeg(guid, channelId, release);
  else release();
  return { guid, endpoint: r.endpoint, pages, tiff };
}
