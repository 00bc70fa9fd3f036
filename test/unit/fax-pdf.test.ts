import { expect } from 'chai';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaxConversionError, ghostscriptArgs, looksLikePdf, pdfToFaxTiff } from '../../src/fax/pdf-to-tiff';
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
});
