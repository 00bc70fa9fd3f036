/**
 * C8: fax both ways between the product and a second Asterisk (the "faxline" peer on
 * 127.0.0.8, res_fax with spandsp on both): received on a fax DID as G.711 audio and as T.38,
 * sent through the API to an outside number; a fax record per fax, the received file a TIFF.
 */
import { expect } from 'chai';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { Peer } from './harness/peer';
import { PacketCapture } from './harness/packet-capture';
import { readTiffInfo, writeFaxTiff } from './harness/tiff';
import { writeTestPdf } from './harness/pdf';
import { api } from './harness/api-client';
import { startMysql, stopMysql } from './harness/mysql';
import { uniqueCaller } from './harness/contact-center';
import { recordEvents } from './harness/cti';
import { FAX_CONVERTED_DIR, FAX_OUT_DIR } from '../../src/asterisk/site-config';
import { DEFAULT_SPOOL_DIR } from '../../src/app';

/** The test site's app has no spool.dir: its fax records wait in the default folder. */
const FAX_RECORD_SPOOL = resolve(DEFAULT_SPOOL_DIR, 'fax-records.jsonl');

const { product } = site;
const LINE = '127.0.0.8';
const FAX_DID = '02566660002';

describe('fax send and receive (C8)', function () {
  this.timeout(120000);
  const { root, ariUser, ariPassword } = product.config.asterisk;
  const line = new Peer('faxline', LINE, 5, root, { user: ariUser, password: ariPassword });
  const sql = (q: string) => product.app.pool.query(q);
  let capture: PacketCapture | null = null;
  let mysqlStopped = false;
  const outDir = () => join(product.paths.hostVarDir, FAX_OUT_DIR);
  const convertedDir = () => join(product.paths.hostVarDir, FAX_CONVERTED_DIR);
  const lineFile = (name: string) => ({ asterisk: `${line.paths.varDir}/spool/${name}`, host: join(line.paths.hostVarDir, 'spool', name) });

  async function faxRecord(where: string): Promise<RowDataPacket> {
    return until(`the fax record where ${where}`, 90000, async () => {
      const [rows] = await product.app.pool.query<RowDataPacket[]>(`SELECT * FROM fax_records WHERE ${where}`);
      return rows[0];
    }, 250);
  }

  /** The line sends a one-page fax to the fax DID through one of its endpoints. */
  async function lineSends(endpoint: 'product' | 'product-g711', caller = '13900000002'): Promise<void> {
    const page = lineFile('page.tif');
    writeFaxTiff(page.host);
    await line.client.channels.originate({
      endpoint: `PJSIP/${FAX_DID}@${endpoint}`, context: 'peer-fax', extension: 'send', priority: 1,
      callerId: `"Faxline" <${caller}>`, variables: { FAXFILE: page.asterisk },
    } as never);
  }

  before(async () => {
    await line.start();
    mkdirSync(outDir(), { recursive: true });
    writeFaxTiff(join(outDir(), 'test-page.tif'));
    writeTestPdf(join(outDir(), 'test-offer.pdf'), 2);
    await sql(`INSERT INTO trunks (name, host, port, inbound_context) VALUES ('faxline', '${LINE}', 5060, 'from-carrier')`);
    await sql(`INSERT INTO fax_numbers (number, description) VALUES ('${FAX_DID}', 'test fax DID')`);
    await sql("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (902, 'agents', '_56X.', 'trunk', 'faxline', '56 + number: fax line')");
    await sql("INSERT INTO number_transforms (dial_rule_id, seq, op, start_pos, length, text) VALUES (902, 1, 'delete', 0, 2, '')");
    await until('the fax DID in the dialplan and the faxline trunk', 15000, async () =>
      (await product.cli('dialplan show callcenter-fax-in')).includes(FAX_DID) && (await product.cli('pjsip show endpoints')).includes('faxline'), 250);
  });

  afterEach(async function () {
    this.timeout(120000);
    await capture?.stop();
    capture = null;
    if (mysqlStopped) await startMysql();
    mysqlStopped = false;
  });

  after(async () => {
    await sql('DELETE FROM dial_rules WHERE id = 902');
    await sql(`DELETE FROM fax_numbers WHERE number = '${FAX_DID}'`);
    await sql("DELETE FROM trunks WHERE name = 'faxline'");
    await line.stop();
  });

  it('given a line without T.38 sends to the fax DID then the fax arrives as G.711 audio, is stored as a TIFF and recorded as received', async () => {
    capture = await PacketCapture.start('fax-in-g711', `host ${LINE}`);
    await lineSends('product-g711');
    const r = await faxRecord(`direction = 'in' AND callee = '${FAX_DID}' AND caller = '13900000002'`);
    await capture.stop();
    expect(r.result, `fax status ${r.status} ${r.error}`).to.equal('success');
    expect(r.pages).to.equal(1);
    expect(r.guid).to.match(/^[0-9a-f-]{36}$/);
    const file = join(root, r.file);
    expect(existsSync(file), file).to.equal(true);
    expect(readTiffInfo(file)).to.include({ pages: 1, width: 1728 });
    // Audio all the way: RTP from the line, no T.38 image stream accepted.
    expect((await capture.rows(`rtp && ip.src == ${LINE}`, ['frame.number'], ['-o', 'rtp.heuristic_rtp:TRUE'])).length).to.be.greaterThan(100);
    expect(await capture.rows('sdp.media contains "image" && sip.Status-Code == 200', ['sdp.media'])).to.deep.equal([]);
  });

  it('given a line with T.38 sends to the fax DID then the call switches to T.38 (UDPTL) and the fax is received and recorded', async () => {
    const [[{ last }]] = await product.app.pool.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) AS last FROM fax_records');
    capture = await PacketCapture.start('fax-in-t38', `host ${LINE}`);
    await lineSends('product');
    const r = await faxRecord(`direction = 'in' AND callee = '${FAX_DID}' AND id > ${Number(last)}`);
    await capture.stop();
    expect(r.result, `fax status ${r.status} ${r.error}`).to.equal('success');
    expect(readTiffInfo(join(root, r.file))).to.include({ pages: 1, width: 1728 });
    const image = await capture.rows('sip.Status-Code == 200 && sdp.media contains "image"', ['sdp.media']);
    expect(image.length, 'a 200 OK accepting the T.38 image stream').to.be.greaterThan(0);
    expect(image[0][0]).to.match(/^image [1-9][0-9]* udptl t38/);
    expect((await capture.rows(`t38 && ip.src == ${LINE}`, ['frame.number'])).length, 'T.38 packets from the line').to.be.greaterThan(10);
  });

  it('given MySQL is stopped when a fax arrives then it is received, its record waits on disk, and once MySQL returns the record is written exactly once', async () => {
    const caller = uniqueCaller();
    const spooled = (): { guid: string; caller: string; result: string } | undefined => (existsSync(FAX_RECORD_SPOOL)
      ? readFileSync(FAX_RECORD_SPOOL, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.caller === caller)
      : undefined);
    await stopMysql();
    mysqlStopped = true;
    await lineSends('product', caller);
    const onDisk = await until('the fax record in the spool file', 90000, spooled, 250);
    expect(onDisk.result).to.equal('success');
    await startMysql();
    mysqlStopped = false;
    await product.app.faxes.replayNow();
    const count = async () => {
      const [rows] = await product.app.pool.query<RowDataPacket[]>('SELECT guid, result, pages FROM fax_records WHERE caller = ?', [caller]);
      return rows;
    };
    await until('the spooled fax record in MySQL', 20000, async () => (await count()).length > 0, 250);
    // A replay of a record already written (committed, but the acknowledgement lost) writes nothing.
    appendFileSync(FAX_RECORD_SPOOL, `${JSON.stringify(onDisk)}\n`);
    await product.app.faxes.replayNow();
    await product.app.faxes.flush();
    expect(existsSync(FAX_RECORD_SPOOL), 'the spool file is consumed').to.equal(false);
    const rows = await count();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ guid: onDisk.guid, result: 'success', pages: 1 });
  });

  it('given an agent sends a TIFF to an outside number through the API then the line receives it (T.38) and the fax record carries the GUID the API answered', async () => {
    capture = await PacketCapture.start('fax-out', `host ${LINE}`);
    const received = lineFile('received.tif');
    const events = recordEvents();
    const res = await api<{ guid: string }>('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: 'test-page.tif' }, { user: '1001', password: 'secret1001' });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const call = await line.waitForCall((c) => c.exten === '12345', 10000);
    await line.client.channels.setChannelVar({ channelId: call.id, variable: 'FAXFILE', value: received.asterisk });
    await line.client.channels.continueInDialplan({ channelId: call.id, context: 'peer-fax', extension: 'receive', priority: 1 });
    const r = await faxRecord(`guid = '${res.body.guid}'`);
    await capture.stop();
    events.stop();
    expect(r).to.include({ direction: 'out', callee: '5612345', agent: '1001', result: 'success', pages: 1 });
    expect(events.of('fax.result'), 'the CTI event of the fax (issue 20)').to.have.length(1);
    expect(events.of('fax.result')[0]).to.include({ guid: res.body.guid, direction: 'out', callee: '5612345', agent: '1001', result: 'success', pages: 1 });
    expect(readTiffInfo(received.host)).to.include({ pages: 1, width: 1728 });
    expect((await capture.rows(`t38 && ip.src == 127.0.0.1`, ['frame.number'])).length, 'T.38 packets from the product').to.be.greaterThan(10);
    const list = await api<{ faxes: { guid: string }[] }>('GET', '/api/v1/faxes?direction=out');
    expect(list.body.faxes.map((f) => f.guid)).to.include(res.body.guid);
  });

  it('given an agent sends a two-page PDF through the API then it is converted to a fax TIFF (G4, 204 x 196 dpi, 1728 pels), the line receives both pages and the fax record says success', async () => {
    const received = lineFile('received-pdf.tif');
    const res = await api<{ guid: string; pages: number; tiff: string }>('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: 'test-offer.pdf' }, { user: '1001', password: 'secret1001' });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    expect(res.body.pages).to.equal(2);
    expect(res.body.tiff).to.equal(`${product.paths.varDir}/${FAX_CONVERTED_DIR}/${res.body.guid}.tif`);
    expect(readTiffInfo(join(convertedDir(), `${res.body.guid}.tif`))).to.deep.equal({ pages: 2, width: 1728, height: 2292, compression: 4, xResolution: 204 });
    const call = await line.waitForCall((c) => c.exten === '12345', 10000);
    await line.client.channels.setChannelVar({ channelId: call.id, variable: 'FAXFILE', value: received.asterisk });
    await line.client.channels.continueInDialplan({ channelId: call.id, context: 'peer-fax', extension: 'receive', priority: 1 });
    const r = await faxRecord(`guid = '${res.body.guid}'`);
    expect(r, `fax status ${r.status} ${r.error}`).to.include({ direction: 'out', callee: '5612345', agent: '1001', result: 'success', pages: 2, file: res.body.tiff });
    const got = readTiffInfo(received.host);
    expect(got.pages, 'pages the line received').to.equal(2);
    expect(got.width).to.equal(1728);
  });

  it('given a bad file name, an unknown file or a number the agent cannot reach then 400, 404 or 409 and no call', async () => {
    const as = { user: '1001', password: 'secret1001' };
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: '../x.tif' }, as)).status).to.equal(400);
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: 'missing.tif' }, as)).status).to.equal(404);
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5555', file: 'test-page.tif' }, as)).status).to.equal(409);
    expect((await api('POST', '/api/v1/faxes', { agent: '1002', number: '5612345', file: 'test-page.tif' }, as)).status).to.equal(403);
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5555', file: 'test-offer.pdf' }, as)).status, 'a PDF to a number the agent cannot reach').to.equal(409);
    expect(await product.channelCount()).to.equal(0);
  });

  it('given a file that is not a PDF, a PDF that cannot be converted, a TIFF that is not one or a path out of the directory then 400 with the reason, no call, no converted file and no record', async () => {
    const as = { user: '1001', password: 'secret1001' };
    const outside = join(product.paths.hostVarDir, 'outside.pdf');
    writeTestPdf(outside);
    writeFileSync(join(outDir(), 'letter.pdf'), 'Dear customer, this is plain text.\n');
    writeFileSync(join(outDir(), 'broken.pdf'), '%PDF-1.4\nnot a PDF body at all\n%%EOF\n');
    writeFileSync(join(outDir(), 'broken.tif'), 'II*\u0000');
    rmSync(join(outDir(), 'escape.pdf'), { force: true });
    symlinkSync(outside, join(outDir(), 'escape.pdf'));
    mkdirSync(convertedDir(), { recursive: true });
    const convertedBefore = readdirSync(convertedDir()).sort();
    const [[{ records }]] = await product.app.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS records FROM fax_records');
    const send = (file: string) => api<{ error: { id: string; message: string } }>('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file }, as);
    try {
      for (const [file, id, reason] of [
        ['../test-offer.pdf', 'invalid-body', /file/],
        ['sub/test-offer.pdf', 'invalid-body', /file/],
        ['letter.pdf', 'bad-file', /not a PDF/],
        ['broken.pdf', 'bad-file', /could not be converted/],
        ['broken.tif', 'bad-file', /not a TIFF/],
        ['escape.pdf', 'bad-file', /outside the outgoing fax directory/],
      ] as const) {
        const res = await send(file);
        expect(res.status, `${file}: ${JSON.stringify(res.body)}`).to.equal(400);
        expect(res.body.error.id, file).to.equal(id);
        expect(JSON.stringify(res.body.error), file).to.match(reason);
      }
      expect(await product.channelCount()).to.equal(0);
      expect(readdirSync(convertedDir()).sort(), 'no converted file left behind').to.deep.equal(convertedBefore);
      const [[after]] = await product.app.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS records FROM fax_records');
      expect(after.records).to.equal(records);
    } finally {
      for (const f of ['letter.pdf', 'broken.pdf', 'broken.tif', 'escape.pdf']) rmSync(join(outDir(), f), { force: true });
      rmSync(outside, { force: true });
    }
  });
});
