/**
 * The FastAGI wire format (O2), pure. Asterisk opens a TCP connection, sends "agi_<name>: value"
 * lines and a blank line, then answers each command line with "<code> result=<n> [(data)]".
 * A channel that hangs up makes Asterisk send "HANGUP"; commands on it answer 511.
 *
 * Why not a library: the npm FastAGI packages we looked at (ding-dong 0.1.7, agi-node 0.0.9)
 * split "agi_request: agi://host:port/x" at every colon, log to the console and do not time
 * commands out; the protocol itself is a few lines.
 */

export type AgiEnv = Record<string, string>;

export interface AgiResponse {
  code: number;
  result: string;
  /** The text in parentheses after the result, e.g. "timeout", or a variable's value. */
  data: string | null;
}

/** "agi_request: agi://127.0.0.1:4573/route" -> ["request", "agi://127.0.0.1:4573/route"]. */
export function parseEnvLine(line: string): [string, string] | null {
  const m = /^agi_([a-z0-9_]+):\s?(.*)$/.exec(line);
  return m ? [m[1], m[2]] : null;
}

/** "200 result=1 (ANSWER)" -> { code: 200, result: "1", data: "ANSWER" }. */
export function parseResponse(line: string): AgiResponse | null {
  const m = /^(\d{3})(?:[ -]result=(\S*))?(?:\s+\((.*)\))?/.exec(line.trim());
  if (!m) return null;
  return { code: Number(m[1]), result: m[2] ?? '', data: m[3] ?? null };
}

/** One AGI command argument, quoted: the value may hold spaces, commas or quotes. */
export function quote(arg: string): string {
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]/g, '')}"`;
}
