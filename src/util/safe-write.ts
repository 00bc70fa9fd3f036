/**
 * Writing into folders another user owns (Asterisk's config and spool, as root) without following
 * a symbolic link planted there: the content goes to a new file created exclusively (O_EXCL never
 * follows a link) beside the target, then replaces the target by rename (which replaces a link
 * itself, never what it points to). Readers see the old or the new file, never half of one.
 */
import { closeSync, constants, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export function writeFileNoFollow(path: string, data: string | Buffer, mode = 0o640): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}
