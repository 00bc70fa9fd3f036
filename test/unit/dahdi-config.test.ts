import { expect } from 'chai';
import { channelRanges, checkBoards, renderChanDahdiConf, renderSystemConf, type BoardData, type DahdiPort, type DahdiSpan } from '../../src/asterisk/dahdi-config';
import type { TrunkConfig } from '../../src/domain';

const trunk = (name: string, group: number): TrunkConfig => ({ name, technology: 'dahdi', dahdiGroup: group, host: '', port: 0, username: null, password: null, register: false, registrationExpiry: 0, inboundContext: 'from-carrier', codecs: ['alaw'], enabled: true, noAnswerTimeout: 0 });
const span = (over: Partial<DahdiSpan>): DahdiSpan => ({ span: 1, signalling: 'pri_cpe', firstChannel: 1, timing: 1, lineBuildOut: 0, crc4: true, trunk: 'pstn-pri', mfcr2: { variant: 'cn', maxAni: 10, maxDnis: 4, category: 'national_subscriber' }, enabled: true, ...over });
const port = (over: Partial<DahdiPort>): DahdiPort => ({ channel: 63, kind: 'fxo', trunk: 'pstn-lines', extension: null, displayName: '', echoCancel: true, enabled: true, ...over });
const opts = { context: 'callcenter-in', toneZone: 'cn', echoCanceller: 'oslec' };

// The source's board: channels 4-6 are phones with numbers 100-102 (channel=4-6, user4=100 ...);
// here next to an E1 PRI span, an E1 MFC/R2 span and two analog lines.
const site: BoardData = {
  trunks: [trunk('pstn-pri', 1), trunk('pstn-r2', 2), trunk('pstn-lines', 3)],
  spans: [
    span({ span: 2, signalling: 'mfcr2', firstChannel: 32, timing: 2, crc4: false, trunk: 'pstn-r2' }),
    span({ span: 1, firstChannel: 1 }),
  ],
  ports: [
    port({ channel: 63 }), port({ channel: 64, echoCancel: false }),
    port({ channel: 66, kind: 'fxs', trunk: null, extension: '101', displayName: 'Reception' }),
    port({ channel: 65, kind: 'fxs', trunk: null, extension: '100' }),
    port({ channel: 67, kind: 'fxs', trunk: null, extension: '102', enabled: false }),
  ],
};

describe('telephony boards: chan_dahdi.conf and system.conf from data (S7)', () => {
  it('given channel lists then ranges are compact and sorted', () => {
    expect(channelRanges([4, 6, 5, 1, 17, 18, 31])).to.equal('1,4-6,17-18,31');
    expect(channelRanges([])).to.equal('');
  });

  it('given PRI and MFC/R2 spans, FXO lines and FXS phones then system.conf is exactly this', () => {
    expect(renderSystemConf(site, opts)).to.equal(`# Generated from the database by the callcenter app (dahdi_spans, dahdi_ports). Do not edit.

# span 1: E1 PRI (customer side), trunk pstn-pri
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
dchan=16

# span 2: E1 MFC/R2, trunk pstn-r2
span=2,2,0,cas,hdb3
cas=32-46:1101
cas=48-62:1101
dchan=47

# FXO ports: lines from the exchange (FXS signalling towards it)
fxsks=63-64
# FXS ports: analog phones (FXO signalling towards them)
fxoks=65-66

echocanceller=oslec,1-15,17-46,48-63,65-66

loadzone=cn
defaultzone=cn
`);
  });

  it('given the same data then chan_dahdi.conf is exactly this: one section per span, line group and phone', () => {
    expect(renderChanDahdiConf(site, opts)).to.equal(`; Generated from the database by the callcenter app (dahdi_spans, dahdi_ports, trunks). Do not edit.
[trunkgroups]

[channels]
context=callcenter-in
language=en
usecallerid=yes
hidecallerid=no
immediate=no
echocancel=yes
echocancelwhenbridged=no
relaxdtmf=yes

[span-1]
signalling=pri_cpe
switchtype=euroisdn
pridialplan=unknown
prilocaldialplan=unknown
callerid=asreceived
group=1
setvar=CC_FROM=pstn-pri
dahdichan=1-15,17-31

[span-2]
signalling=mfcr2
mfcr2_variant=cn
mfcr2_max_ani=10
mfcr2_max_dnis=4
mfcr2_category=national_subscriber
mfcr2_get_ani_first=no
callerid=asreceived
group=2
setvar=CC_FROM=pstn-r2
dahdichan=32-46,48-62

[fxo-pstn-lines]
signalling=fxs_ks
callerid=asreceived
echocancel=yes
group=3
setvar=CC_FROM=pstn-lines
dahdichan=63

[fxo-pstn-lines-noec]
signalling=fxs_ks
callerid=asreceived
echocancel=no
group=3
setvar=CC_FROM=pstn-lines
dahdichan=64

[fxs-100]
signalling=fxo_ks
callerid="Extension 100" <100>
echocancel=yes
setvar=CC_FROM=100
dahdichan=65

[fxs-101]
signalling=fxo_ks
callerid="Reception" <101>
echocancel=yes
setvar=CC_FROM=101
dahdichan=66
`);
  });

  it('given the board cancels echo itself then no software echo canceller is configured', () => {
    const noEc = { ...opts, echoCanceller: null };
    expect(renderSystemConf(site, noEc)).to.not.contain('echocanceller');
    expect(renderChanDahdiConf(site, noEc)).to.contain('[channels]\ncontext=callcenter-in\nlanguage=en\nusecallerid=yes\nhidecallerid=no\nimmediate=no\necho' + 'cancel=no');
  });

  it('given overlapping channels, a SIP trunk, a missing extension or a duplicate then every problem is listed and nothing is rendered', () => {
    const bad: BoardData = {
      trunks: [...site.trunks, { ...trunk('carrier-a', 1), technology: 'pjsip', dahdiGroup: null }],
      spans: [span({ span: 1 }), span({ span: 2, firstChannel: 20, trunk: 'carrier-a' })],
      ports: [port({ channel: 5, kind: 'fxs', trunk: null, extension: '100' }), port({ channel: 70, kind: 'fxs', trunk: null, extension: '100' }), port({ channel: 71, kind: 'fxs', trunk: null, extension: null }), port({ channel: 72, trunk: 'nowhere' })],
    };
    const problems = checkBoards(bad);
    expect(problems).to.include('channel 20 is used by span 1 and span 2');
    expect(problems).to.include('span 2: trunk carrier-a is not a DAHDI trunk (technology dahdi with a dahdi_group)');
    expect(problems).to.include('channel 5 is used by span 1 and FXS port 5');
    expect(problems).to.include('FXS port 70: extension 100 is on two ports');
    expect(problems).to.include('FXS port 71: an FXS port needs a numeric extension');
    expect(problems).to.include('FXO port 72: unknown trunk nowhere');
    expect(() => renderChanDahdiConf(bad, opts)).to.throw(/board configuration refused/);
    expect(() => renderSystemConf(bad, opts)).to.throw(/board configuration refused/);
  });

  it('given a display name that would break the file then it is refused', () => {
    expect(checkBoards({ ...site, ports: [port({ channel: 65, kind: 'fxs', trunk: null, extension: '100', displayName: 'x\n[evil]' })] })).to.have.length(1);
  });
});
