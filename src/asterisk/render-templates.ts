/** Renders asterisk-etc/ templates: {{name}} placeholders, every one must be known. */
import { mkdirSync, readdirSync, readFileSync} from 'node:fs';
import { writeFileNoFollow } from '../util/safe-write';
import { join } from 'node:path';

export function renderTemplate(text: string, vars: Record<string, string | number>, file = 'template'): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`${file}: unknown placeholder {{${name}}}`);
    return String(vars[name]);
  });
}

export function renderTemplateDir(srcDir: string, destDir: string, vars: Record<string, string | number>, only?: string[]): string[] {
  mkdirSync(destDir, { recursive: true });
  const files = readdirSync(srcDir).filter((f) => f.endsWith('.conf') && (!only || only.includes(f)));
  for (const f of files) {
    writeFileNoFollow(join(destDir, f), renderTemplate(readFileSync(join(srcDir, f), 'utf8'), vars, f), 0o640);
  }
  return files;
}
