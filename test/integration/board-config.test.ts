/**
 * S7 without a board: the generated chan_dahdi.conf is given to a real Asterisk (chan_dahdi
 * from asterisk-dahdi) in an instance of its own. With no /dev/dahdi it cannot open channels,
 * but it parses every section and option first: each section must reach its channels, and
 * nothing else may be reported.
 */
import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { site } from './harness/site';
import { instancePaths, moduleDir, prepareDirectories, start, stop, cli } from '../../src/asterisk/instance';
import { renderTemplateDir } from '../../src/asterisk/render-templates';
import { TEMPLATE_DIR, writeBoardConfig, CHAN_DAHDI, DAHDI_SYSTEM } from '../../src/asterisk/site-config';
import { loadTelephonyData } from '../../src/db/telephony-repository';

const { product } = site;

describe('telephony board configuration accepted by chan_dahdi (S7)', () => {
  const p = instancePaths(product.config.asterisk.root, 'board-check');
  const sql = (q: string) => product.app.pool.query(q);

  before(async () => {
    await sql(`INSERT INTO trunks (name, technology, dahdi_group, host, inbound_context) VALUES
      ('pstn-pri', 'dahdi', 1, '', 'from-carrier'), ('pstn-r2', 'dahdi', 2, '', 'from-carrier'), ('pstn-lines', 'dahdi', 3, '', 'from-carrier')`);
    await sql(`INSERT INTO dahdi_spans (span, signalling, first_channel, timing, crc4, trunk_name) VALUES
      (1, 'pri_cpe', 1, 1, 1, 'pstn-pri'), (2, 'mfcr2', 32, 2, 0, 'pstn-r2')`);
    // The source's board: channels 4-6 are phones 100-102 (channel=4-6, user4=100 ...) on an analog card after the E1s.
    await sql(`INSERT INTO dahdi_ports (channel, kind, trunk_name, extension, display_name) VALUES
      (63, 'fxo', 'pstn-lines', NULL, ''), (64, 'fxo', 'pstn-lines', NULL, ''),
      (65, 'fxs', NULL, '100', 'Agent 100'), (66, 'fxs', NULL, '101', 'Agent 101'), (67, 'fxs', NULL, '102', 'Agent 102')`);
  });

  after(async () => {
    await stop(p);
    await sql('DELETE FROM dahdi_ports');
    await sql('DELETE FROM dahdi_spans');
    await sql("DELETE FROM trunks WHERE technology = 'dahdi'");
  });

  it('given two E1 spans (PRI, MFC/R2), two FXO lines and three FXS phones in the database then chan_dahdi parses every section and only misses the hardware', async () => {
    const data = await loadTelephonyData(product.app.pool);
    renderTemplateDir(TEMPLATE_DIR, p.hostEtcDir, { instance: p.name, etcDir: p.etcDir, varDir: p.varDir, modDir: moduleDir(p.root) }, ['asterisk.conf', 'logger.conf']);
    // Only chan_dahdi (and a timer): no ports are bound, so this instance collides with nothing.
    writeFileSync(join(p.hostEtcDir, 'modules.conf'), '[modules]\nautoload = no\nload = res_timing_timerfd.so\nload = chan_dahdi.so\n');
    writeBoardConfig(p, product.config, data);
    expect(readFileSync(join(p.hostEtcDir, DAHDI_SYSTEM), 'utf8')).to.contain('fxoks=65-67');
    prepareDirectories(p);
    const log = join(p.hostVarDir, 'log', 'messages.log');
    rmSync(log, { force: true });
    await start(p);
    expect(await cli(p, 'module show like chan_dahdi')).to.match(/chan_dahdi\.so.*Running/);
    await stop(p);

    const problems = readFileSync(log, 'utf8').split('\n').filter((l) => /(WARNING|ERROR)\[\d+\] chan_dahdi\.c/.test(l));
    // Every section got as far as opening its first channel ...
    const tried = problems.map((l) => /Unable to open channel (\d+)/.exec(l)?.[1]).filter(Boolean);
    expect(tried).to.deep.equal(['1', '32', '63', '65', '66', '67']);
    expect(readFileSync(join(p.hostEtcDir, CHAN_DAHDI), 'utf8')).to.contain('[fxs-100]\nsignalling=fxo_ks\ncallerid="Agent 100" <100>');
    // ... and the only complaints are about the missing hardware.
    const other = problems.filter((l) => !/Unable to open '\/dev\/dahdi\/channel'|Unable to open channel \d+|Unable to register channel|failure ignored: ignore_failed_channels/.test(l));
    expect(other).to.deep.equal([]);
  });
});
