/** Prints one config value for shell scripts: config-get db.password */
import { loadConfig } from '../config';

const value = process.argv[2].split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], loadConfig());
if (value === undefined) {
  console.error(`unknown config key ${process.argv[2]}`);
  process.exit(2);
}
console.log(String(value));
