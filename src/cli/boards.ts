/**
 * S7 board configuration for the integrator:
 *   boards show                      prints system.conf and chan_dahdi.conf generated from the database
 *   boards install-system-conf [f]   writes system.conf for dahdi_cfg (default /etc/dahdi/system.conf)
 * chan_dahdi.conf itself is written with the rest of the Asterisk config (asterisk.js render).
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { loadTelephonyData } from '../db/telephony-repository';
import { renderChanDahdiConf, renderSystemConf } from '../asterisk/dahdi-config';
import { boardOptions } from '../asterisk/site-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const pool = createPool(config.db);
  const data = await loadTelephonyData(pool).finally(() => pool.end());
  const boards = { spans: data.boards?.spans ?? [], ports: data.boards?.ports ?? [], trunks: data.trunks };
  const options = boardOptions(config);
  switch (process.argv[2]) {
    case 'show':
      console.log('# ---- system.conf ----');
      console.log(renderSystemConf(boards, options));
      console.log('; ---- chan_dahdi.conf ----');
      console.log(renderChanDahdiConf(boards, options));
      return;
    case 'install-system-conf': {
      const file = process.argv[3] ?? '/etc/dahdi/system.conf';
      writeFileSync(file, renderSystemConf(boards, options));
      console.log(`    ${file} written; apply it with: dahdi_cfg -vv -c ${file}`);
      return;
    }
    default:
      throw new Error('usage: boards show | install-system-conf [file]');
  }
}

main().catch((e) => {
  console.error(`ERROR: ${(e as Error).message}`);
  process.exit(1);
});
