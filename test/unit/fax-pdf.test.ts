import { expect } from 'chai';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaxConversionError, ghostscriptArgs, looksLikePdf, pdfToFaxTiff, unprivilegedIds } from '../../src/fax/pdf-to-tiff';
import { writeTestPdf } from '../integration/harness/pdf';
import { FAX_FILE_NAME } from '../../src/fax/fax-sender';

describe('fax files to send (C8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fax-pdf-'));

  it('given file names then a TIFF or PDF name in the directory is accepted, paths and other types are not', () => {
    for (const ok of ['offer.pdf', 'offer.PDF', 'page-1.tif', 'scan_2.tiff', 'a.b.pdf']) expect(FAX_FILE_NAME.test(ok), ok).to.equal(true);
    for (const bad of ['../offer.pdf', 'sub/offer.pdf', '/etc/offer.pdf', '.offer.pdf', '-dSAFER.pdf', 'offer.pdf.sh', 'offer.doc', 'off%d.pdf', 'offer.pdf\n']) {
      expect(FAX_FILE_NAME.test(bad), bad).to.equal(false);
    }
  });

  it('given a file then it is a PDF only with a %PDF- header in its first 1024 bytes', () => {
    const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
    expect(looksLikePdf(file('a.pdf', '%PDF-1.4\n...'))).to.equal(true);
    expect(looksLikePdf(file('b.pdf', `${' '.repeat(100)}%PDF-1.7\n`))).to.equal(true);
    expect(looksLikePdf(file('c.pdf', '%!PS-Adobe-3.0\n'))).to.equal(false);
    expect(looksLikePdf(file('d.pdf', ''))).to.equal(false);
  });

  it('given the Ghostscript arguments then a G4 fax TIFF at 204 x 196 dpi, 1728 pels wide, in safe mode, the input after -f', () => {
    const args = ghostscriptArgs('/out/x.pdf', '/conv/g.tif.part');
    expect(args).to.include.members(['-dSAFER', '-sDEVICE=tiffg4', '-r204x196', '-g1728x2292', '-dPDFFitPage', '-sOutputFile=/conv/g.tif.part']);
    expect(args.slice(-2)).to.deep.equal(['-f', '/out/x.pdf']);
  });

  it('given a file that is not a PDF or no Ghostscript then a conversion error with its code and no file left', async () => {
    writeFileSync(join(dir, 'ps.pdf'), '%!PS\n');
    writeFileSync(join(dir, 'ok.pdf'), '%PDF-1.4\n');
    const code = (p: Promise<unknown>) => p.then(() => 'converted', (e: unknown) => (e instanceof FaxConversionError ? e.code : String(e)));
    expect(await code(pdfToFaxTiff({ gs: 'gs', timeoutMs: 5000 }, join(dir, 'ps.pdf'), join(dir, 'ps.tif')))).to.equal('not-a-pdf');
    expect(await code(pdfToFaxTiff({ gs: join(dir, 'no-such-gs'), timeoutMs: 5000 }, join(dir, 'ok.pdf'), join(dir, 'ok.tif')))).to.equal('converter-unavailable');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tif') || f.endsWith('.part'))).to.deep.equal([]);
  });

  it('given the app runs as root then Ghostscript runs as nobody, and a PDF behind a symbolic link is refused', async function () {
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/gs')) this.skip();
    writeTestPdf(join(dir, 'letter.pdf'), 2);
    // A stand-in Ghostscript that notes who runs it, then runs the real one.
    const fake = join(dir, 'gs-as');
    writeFileSync(fake, `#!/bin/sh\nid -u > ${join(dir, 'gs-uid')}\nexec /usr/bin/gs "$@"\n`, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'gs-uid'), '', { mode: 0o666 });
    chmodSync(join(dir, 'gs-uid'), 0o666);
    const r = await pdfToFaxTiff({ gs: fake, timeoutMs: 20000 }, join(dir, 'letter.pdf'), join(dir, 'letter.tif'));
    expect(r.pages).to.equal(2);
    expect(Number(readFileSync(join(dir, 'gs-uid'), 'utf8').trim()), 'Ghostscript\'s uid').to.equal(unprivilegedIds().uid).and.not.equal(0);
    symlinkSync(join(dir, 'letter.pdf'), join(dir, 'link.pdf'));
    const err = await pdfToFaxTiff({ gs: fake, timeoutMs: 20000 }, join(dir, 'link.pdf'), join(dir, 'link.tif')).then(() => null, (e: unknown) => e);
    expect(err, 'a link is not followed').to.be.instanceOf(FaxConversionError).and.include({ code: 'not-a-pdf' });
  });
});
