/**
 * C8: fax both ways between the product and a second Asterisk (the "faxline" peer on
 * 127.0.0.8, res_fax with spandsp on both): received on a fax DID as G.711 audio and as T.38,
 * sent through the API to an outside number; a fax record per fax, the received file a TIFF.
 */
import { expect } from 'chai';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { Peer } from './harness/peer';
import { PacketCapture } from './harness/packet-capture';
import { readTiffInfo, writeFaxTiff } from './harness/tiff';
import { api } from './harness/api-client';
import { startMysql, stopMysql } from './harness/mysql';
import { uniqueCaller } from './harness/contact-center';
import { FAX_OUT_DIR } from '../../src/asterisk/site-config';
import { FAX_RECORD_SPOOL } from '../../src/app';

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
    mkdirSync(join(product.paths.hostVarDir, FAX_OUT_DIR), { recursive: true });
    writeFaxTiff(join(product.paths.hostVarDir, FAX_OUT_DIR, 'test-page.tif'));
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
    const res = await api<{ guid: string }>('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: 'test-page.tif' }, { user: '1001', password: 'secret1001' });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const call = await line.waitForCall((c) => c.exten === '12345', 10000);
    await line.client.channels.setChannelVar({ channelId: call.id, variable: 'FAXFILE', value: received.asterisk });
    await line.client.channels.continueInDialplan({ channelId: call.id, context: 'peer-fax', extension: 'receive', priority: 1 });
    const r = await faxRecord(`guid = '${res.body.guid}'`);
    await capture.stop();
    expect(r).to.include({ direction: 'out', callee: '5612345', agent: '1001', result: 'success', pages: 1 });
    expect(readTiffInfo(received.host)).to.include({ pages: 1, width: 1728 });
    expect((await capture.rows(`t38 && ip.src == 127.0.0.1`, ['frame.number'])).length, 'T.38 packets from the product').to.be.greaterThan(10);
    const list = await api<{ faxes: { guid: string }[] }>('GET', '/api/v1/faxes?direction=out');
    expect(list.body.faxes.map((f) => f.guid)).to.include(res.body.guid);
  });

  it('given a bad file name, an unknown file or a number the agent cannot reach then 400, 404 or 409 and no call', async () => {
    const as = { user: '1001', password: 'secret1001' };
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: '../x.tif' }, as)).status).to.equal(400);
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5612345', file: 'missing.tif' }, as)).status).to.equal(404);
    expect((await api('POST', '/api/v1/faxes', { agent: '1001', number: '5555', file: 'test-page.tif' }, as)).status).to.equal(409);
    expect((await api('POST', '/api/v1/faxes', { agent: '1002', number: '5612345', file: 'test-page.tif' }, as)).status).to.equal(403);
    expect(await product.channelCount()).to.equal(0);
  });
});
