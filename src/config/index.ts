export { loadConfig, parseConfig, configPath, ConfigError, DEFAULT_CONFIG_PATH } from './load';
export type { Config } from './schema';
