import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byteRange } from '../../src/media/byte-range';
import { decodeUpload, promptFile, sniffAudio, soxArgs } from '../../src/media/audio-format';
import { changedSummaries, messageSummary, notifyVariables, phoneSummaries } from '../../src/media/mwi';
import { openConfined } from '../../src/media/send-file';
import { PromptError, PromptStore } from '../../src/media/prompt-store';
import { mailboxId, mailboxOf, parseMailbox } from '../../src/db/voicemail-repository';

describe('media: HTTP Range (issue 19)', () => {
  it('given no header or one that is not a single byte range then the whole file is sent', () => {
    for (const h of [undefined, '', 'items=0-5', 'bytes=0-1,4-5', 'bytes=', 'bytes=-', 'bytes=a-b', 'bytes=5-2']) {
      expect(byteRange(h, 100), String(h)).to.deep.equal({ kind: 'whole' });
    }
  });

  it('given a range then its start and end, clipped to the file', () => {
    expect(byteRange('bytes=0-9', 100)).to.deep.equal({ kind: 'partial', start: 0, end: 9 });
    expect(byteRange('bytes=90-', 100)).to.deep.equal({ kind: 'partial', start: 90, end: 99 });
    expect(byteRange('bytes=90-1000', 100)).to.deep.equal({ kind: 'partial', start: 90, end: 99 });
    expect(byteRange('bytes=-10', 100)).to.deep.equal({ kind: 'partial', start: 90, end: 99 });
    expect(byteRange('bytes=-1000', 100)).to.deep.equal({ kind: 'partial', start: 0, end: 99 });
    expect(byteRange('Bytes = 5 - 5', 100)).to.deep.equal({ kind: 'partial', start: 5, end: 5 });
  });

  it('given a range past the end (or of nothing) then it is unsatisfiable (416)', () => {
    expect(byteRange('bytes=100-', 100)).to.deep.equal({ kind: 'unsatisfiable' });
    expect(byteRange('bytes=100-200', 100)).to.deep.equal({ kind: 'unsatisfiable' });
    expect(byteRange('bytes=-0', 100)).to.deep.equal({ kind: 'unsatisfiable' });
    expect(byteRange('bytes=-5', 0)).to.deep.equal({ kind: 'unsatisfiable' });
  });

  it('given any range on any size then a partial answer lies inside the file', () => {
    for (let size = 0; size < 12; size++) {
      for (let a = 0; a < 14; a++) {
        for (let b = 0; b < 14; b++) {
          for (const h of [`bytes=${a}-${b}`, `bytes=${a}-`, `bytes=-${b}`]) {
            const r = byteRange(h, size);
            if (r.kind === 'partial') {
              expect(r.start, h).to.be.at.least(0);
              expect(r.end, h).to.be.below(size);
              expect(r.start, h).to.be.at.most(r.end);
            }
          }
        }
      }
    }
  });
});

describe('media: files only from their folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'media-files-'));
  const other = mkdtempSync(join(tmpdir(), 'media-other-'));
  writeFileSync(join(dir, 'a.wav'), 'RIFF');
  writeFileSync(join(other, 'secret.wav'), 'x');
  symlinkSync(join(other, 'secret.wav'), join(dir, 'link.wav'));
  mkdirSync(join(dir, 'sub'));

  it('given a file in the folder then it opens; a link, a folder, another folder or ".." do not', () => {
    const f = openConfined(join(dir, 'a.wav'), [dir]);
    expect(f?.size).to.equal(4);
    for (const p of [join(dir, 'link.wav'), join(dir, 'sub'), join(other, 'secret.wav'), join(dir, '..', other.split('/').pop()!, 'secret.wav'), join(dir, 'none.wav')]) {
      expect(openConfined(p, [dir]), p).to.equal(null);
    }
  });
});

describe('media: prompt uploads (issue 19)', () => {
  it('given the first bytes then WAV, MP3 (tagged or not) and OGG are told apart; anything else is refused', () => {
    expect(sniffAudio(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).to.equal('wav');
    expect(sniffAudio(Buffer.from('ID3\x04\x00', 'latin1'))).to.equal('mp3');
    expect(sniffAudio(Buffer.from([0xff, 0xfb, 0x90, 0x64]))).to.equal('mp3');
    expect(sniffAudio(Buffer.from('OggS\x00\x02', 'latin1'))).to.equal('ogg');
    for (const bad of ['', 'RIFF....AVI ', '%PDF-1.4', 'MZ', '\xff\xf1']) expect(sniffAudio(Buffer.from(bad, 'latin1')), bad).to.equal(null);
  });

  it('given a name and a language then the file is <language>/<name>.wav, or <name>.wav for every language; paths are refused', () => {
    expect(promptFile('welcome', 'zh_CN')).to.equal('zh_CN/welcome.wav');
    expect(promptFile('welcome', null)).to.equal('welcome.wav');
    for (const [n, l] of [['../x', null], ['a/b', null], ['', null], ['ok', '../en'], ['ok', 'EN']] as [string, string | null][]) {
      expect(() => promptFile(n, l), `${n} ${l}`).to.throw();
    }
  });

  it('given an input then sox writes 8 kHz mono 16-bit WAV of at most 10 minutes', () => {
    expect(soxArgs('/t/in.mp3', 'mp3', '/t/out.wav')).to.deep.equal(['-q', '-t', 'mp3', '/t/in.mp3', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav', '/t/out.wav', 'trim', '0', '600']);
  });

  it('given base64 then it is decoded, or refused when it is not base64, empty or too big', () => {
    expect(decodeUpload(Buffer.from('hello').toString('base64'), 10)).to.deep.equal({ ok: true, data: Buffer.from('hello') });
    expect(decodeUpload('aGVs\nbG8=', 10)).to.deep.equal({ ok: true, data: Buffer.from('hello') });
    expect(decodeUpload('not base64!', 10)).to.deep.equal({ ok: false, problem: 'not base64' });
    expect(decodeUpload('', 10)).to.deep.equal({ ok: false, problem: 'empty' });
    expect(decodeUpload(Buffer.alloc(11).toString('base64'), 10)).to.deep.equal({ ok: false, problem: 'larger than 10 bytes' });
  });

  describe('with sox (installed by make install)', () => {
    const work = mkdtempSync(join(tmpdir(), 'prompt-src-'));
    const store = new PromptStore({ dir: mkdtempSync(join(tmpdir(), 'prompts-')), sox: 'sox', timeoutMs: 30000 });
    const tone = (file: string, ...fmt: string[]) => {
      execFileSync('sox', ['-n', '-r', '44100', '-c', '2', ...fmt, join(work, file), 'synth', '1.5', 'sine', '440']);
      return readFileSync(join(work, file));
    };

    for (const [file, fmt] of [['t.wav', []], ['t.mp3', []], ['t.ogg', []]] as [string, string[]][]) {
      it(`given a ${file.slice(2)} upload then the prompt is an 8 kHz mono 16-bit WAV of the same length`, async function () {
        this.timeout(20000);
        const info = await store.save('welcome', file === 't.ogg' ? 'zh_CN' : null, tone(file, ...fmt));
        expect(info.durationSec).to.be.within(1.4, 1.7);
        const stat = execFileSync('soxi', [store.path('welcome', info.language)]).toString();
        expect(stat).to.match(/Channels\s*:\s*1/).and.match(/Sample Rate\s*:\s*8000/).and.match(/Precision\s*:\s*16-bit/);
      });
    }

    it('given uploads then the list has each name and language with its use in flows', () => {
      const list = store.list();
      expect(list.map((p) => [p.name, p.language, p.use])).to.deep.equal([['welcome', null, 'file:welcome'], ['welcome', 'zh_CN', 'file:welcome']]);
    });

    it('given a file that only looks like audio then nothing is replaced and the reason is bad-audio', async function () {
      this.timeout(20000);
      const before = readFileSync(store.path('welcome', null));
      const fake = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEjunk', 'latin1'), Buffer.alloc(100, 7)]);
      const err = await store.save('welcome', null, fake).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(PromptError);
      expect((err as PromptError).code).to.equal('bad-audio');
      expect(readFileSync(store.path('welcome', null)).equals(before)).to.equal(true);
      const notAudio = await store.save('other', null, Buffer.from('%PDF-1.4')).catch((e: unknown) => e);
      expect((notAudio as PromptError).code).to.equal('bad-audio');
      expect(existsSync(store.path('other', null))).to.equal(false);
    });

    it('given a delete then the file is gone; deleting it again is not-found', () => {
      store.remove('welcome', 'zh_CN');
      expect(existsSync(store.path('welcome', 'zh_CN'))).to.equal(false);
      expect(() => store.remove('welcome', 'zh_CN')).to.throw(PromptError).with.property('code', 'not-found');
    });

    it('given no sox program then the reason is converter-unavailable', async () => {
      const none = new PromptStore({ dir: mkdtempSync(join(tmpdir(), 'prompts-')), sox: '/nonexistent/sox', timeoutMs: 5000 });
      const err = await none.save('x', null, tone('u.wav')).catch((e: unknown) => e);
      expect((err as PromptError).code).to.equal('converter-unavailable');
    });
  });
});

describe('media: voicemail mailboxes and message-waiting lamps (issue 19)', () => {
  it('given a voicemail call then its box is the group it queued to, else its agent, else general', () => {
    expect(mailboxId(mailboxOf('sales', '1001'))).to.equal('group:sales');
    expect(mailboxId(mailboxOf(null, '1001'))).to.equal('agent:1001');
    expect(mailboxId(mailboxOf(null, null))).to.equal('general');
    for (const id of ['group:sales', 'agent:1001', 'general']) expect(mailboxId(parseMailbox(id)!)).to.equal(id);
    for (const bad of ['group:', 'sales', 'agent:1001;x', "group:a' OR 1", 'queue:sales']) expect(parseMailbox(bad), bad).to.equal(null);
  });

  it('given counts per box then each phone sums its own box and its groups\' boxes', () => {
    const counts = new Map([['group:sales', { new: 2, old: 1 }], ['agent:1001', { new: 1, old: 0 }], ['group:support', { new: 0, old: 3 }]]);
    const groups: Record<string, string[]> = { 1001: ['sales'], 1002: ['sales'], 1003: ['support'], 1004: [] };
    expect(phoneSummaries(['1001', '1002', '1003', '1004'], (e) => groups[e], counts)).to.deep.equal([
      { extension: '1001', new: 3, old: 1 }, { extension: '1002', new: 2, old: 1 }, { extension: '1003', new: 0, old: 3 }, { extension: '1004', new: 0, old: 0 },
    ]);
  });

  it('given what the phones were told then only changed summaries are sent again', () => {
    const now = [{ extension: '1001', new: 1, old: 0 }, { extension: '1002', new: 0, old: 0 }];
    expect(changedSummaries(now, new Map())).to.deep.equal(now);
    expect(changedSummaries(now, new Map([['1001', { extension: '1001', new: 1, old: 0 }], ['1002', { extension: '1002', new: 1, old: 0 }]]))).to.deep.equal([now[1]]);
  });

  it('given a summary then the NOTIFY is an RFC 3842 message-summary; the AMI variables carry each body line', () => {
    const s = { extension: '1001', new: 2, old: 1 };
    expect(messageSummary(s, 'sip:1001@callcenter')).to.deep.equal(['Messages-Waiting: yes', 'Message-Account: sip:1001@callcenter', 'Voice-Message: 2/1 (0/0)']);
    expect(messageSummary({ ...s, new: 0 }, 'a')[0]).to.equal('Messages-Waiting: no');
    expect(notifyVariables(s, 'sip:1001@callcenter')).to.equal('Event=message-summary,Content-Type=application/simple-message-summary,'
      + 'Content=Messages-Waiting: yes,Content=Message-Account: sip:1001@callcenter,Content=Voice-Message: 2/1 (0/0)');
  });
});
