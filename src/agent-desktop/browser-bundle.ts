/**
 * Issue 21: JsSIP for the /agent page. The npm package ships CommonJS modules only (no browser
 * build since 3.11), so the app wraps them, with their three dependencies (debug, events,
 * sdp-transform), into one script at first request: each module becomes a function in a table
 * and a 10-line require() resolves them, as browserify does. No bundler in the build, nothing
 * fetched at run time. `collectModules` reads files; `wrapModules` is pure.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ModuleSource {
  /** Path relative to the node_modules folder, e.g. "jssip/lib/UA.js". */
  id: string;
  source: string;
  /** require() argument -> module id, for every require in the source. */
  deps: Record<string, string>;
}

const REQUIRE = /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Node's resolution, limited to what these packages use: relative files, folders, JSON and package "browser"/"main". */
export function resolveModule(spec: string, fromFile: string, nodeModules: string): string {
  const asFile = (p: string): string | null => {
    for (const c of [p, `${p}.js`, `${p}.json`]) if (existsSync(c) && statSync(c).isFile()) return c;
    for (const c of [join(p, 'index.js')]) if (existsSync(c)) return c;
    return null;
  };
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const found = asFile(resolve(dirname(fromFile), spec));
    if (!found) throw new Error(`cannot resolve ${spec} from ${fromFile}`);
    return found;
  }
  const pkgDir = join(nodeModules, spec);
  const pkgJson = join(pkgDir, 'package.json');
  if (!existsSync(pkgJson)) throw new Error(`package ${spec} is not installed (needed by ${fromFile})`);
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { browser?: unknown; main?: string };
  const entry = typeof pkg.browser === 'string' ? pkg.browser : pkg.main ?? 'index.js';
  const found = asFile(resolve(pkgDir, entry));
  if (!found) throw new Error(`cannot resolve the entry of package ${spec}`);
  return found;
}

/** Every module reachable from `entry` (a file under `nodeModules`), entry first. */
export function collectModules(entry: string, nodeModules: string): ModuleSource[] {
  const out: ModuleSource[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const deps: Record<string, string> = {};
    const item: ModuleSource = { id: relative(nodeModules, file), source, deps };
    out.push(item);
    if (file.endsWith('.json')) return;
    for (const m of source.matchAll(REQUIRE)) {
      const target = resolveModule(m[1], file, nodeModules);
      deps[m[1]] = relative(nodeModules, target);
      visit(target);
    }
  };
  visit(entry);
  return out;
}

/**
 * One script defining `window[globalName]` as the entry module's exports. Pure. A require of a
 * module that is not in the table throws, naming it.
 */
export function wrapModules(modules: readonly ModuleSource[], globalName: string, banner = ''): string {
  if (modules.length === 0) throw new Error('no modules to wrap');
  const table = modules.map((m) => {
    const body = m.id.endsWith('.json') ? `module.exports = ${m.source.trim()};` : m.source;
    return `${JSON.stringify(m.id)}: [function (require, module, exports, process) {\n${body}\n}, ${JSON.stringify(m.deps)}]`;
  });
  return `${banner}(function () {
'use strict';
var modules = {
${table.join(',\n')}
};
var cache = {};
var process = { env: {}, browser: true };
function load(id) {
  if (cache[id]) return cache[id].exports;
  var m = modules[id];
  if (!m) throw new Error('module not bundled: ' + id);
  var module = cache[id] = { exports: {} };
  m[0].call(module.exports, function (spec) {
    var dep = m[1][spec];
    if (!dep) throw new Error('module ' + id + ' requires ' + spec + ', which is not bundled');
    return load(dep);
  }, module, module.exports, process);
  return module.exports;
}
window[${JSON.stringify(globalName)}] = load(${JSON.stringify(modules[0].id)});
})();
`;
}

/** The JsSIP browser script from the installed package (read once by the caller and kept). */
export function jssipBundle(nodeModules: string): string {
  const entry = resolveModule('jssip', join(nodeModules, 'x.js'), nodeModules);
  const version = (JSON.parse(readFileSync(join(nodeModules, 'jssip/package.json'), 'utf8')) as { version: string }).version;
  return wrapModules(collectModules(entry, nodeModules), 'JsSIP', `/* JsSIP ${version} (MIT, https://jssip.net) with debug, events and sdp-transform (MIT), wrapped by the callcenter app */\n`);
}
