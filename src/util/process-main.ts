/**
 * The shape every process of the product shares: load and validate the configuration (a clear
 * error and exit code 2 when it is broken), start, stop cleanly on SIGINT/SIGTERM, and keep
 * running after an unhandled rejection (logged).
 */
import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../log/logger';

export function runProcess(name: string, start: (config: Readonly<Config>, log: Logger) => Promise<{ stop(): Promise<void> }>): void {
  const main = async () => {
    let config;
    try {
      config = loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(`ERROR: ${err.message}`);
        process.exit(2);
      }
      throw err;
    }
    const log = createLogger(config.log.level).child({ process: name });
    const running = await start(config, log);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, `${name} stopping`);
      await running.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
  };
  main().catch((err) => {
    console.error(`ERROR: ${(err as Error).message}`);
    process.exit(1);
  });
}
