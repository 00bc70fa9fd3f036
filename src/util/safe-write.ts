/**
 * Writing into folders another user owns (Asterisk's config and spool, as root) without following
 * a symbolic link planted there: the content goes to a new file created exclusively beside the
 * target (flag 'wx' = O_CREAT|O_EXCL, which never follows a link), then replaces the target by
 * rename (which replaces a link itself, never what it points to). Readers see the old or the new
 * file, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileNoFollow(path: string, data: string | Buffer, mode = 0o640): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
