import { expect } from 'chai';
import { renderOoh323Peers } from '../../src/asterisk/ooh323-config';
import { trunkDialString } from '../../src/asterisk/trunk-dial';
import type { TrunkConfig } from '../../src/domain';

const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'huawei-8010', technology: 'ooh323', host: '10.0.0.80', port: 1720, username: null, password: null, register: false, registrationExpiry: 0, inboundContext: 'from-carrier', codecs: ['alaw', 'ulaw'], enabled: true, noAnswerTimeout: 0, ...over });

describe('H.323 and DAHDI trunks (S7, S8)', () => {
  it('given each technology then the dial string is the one its channel driver understands', () => {
    // Issue 18: a PJSIP trunk is dialled with its own Request-URI (Asterisk's reachability filter of contacts does not apply).
    expect(trunkDialString('carrier-a', '057188888888', trunk({ name: 'carrier-a', technology: 'pjsip' }))).to.equal('PJSIP/carrier-a/sip:057188888888@10.0.0.80:1720');
    expect(trunkDialString('huawei-8010', '057188888888', trunk())).to.equal('OOH323/057188888888@huawei-8010');
    expect(trunkDialString('pstn-e1', '057188888888', trunk({ name: 'pstn-e1', technology: 'dahdi', dahdiGroup: 2 }))).to.equal('DAHDI/g2/057188888888');
    expect(trunkDialString('gone', '1', undefined)).to.equal('PJSIP/1@gone');
    expect(() => trunkDialString('pstn-e1', '1', trunk({ technology: 'dahdi', dahdiGroup: null }))).to.throw(/dahdi_group/);
  });

  const KEY = 'k'.repeat(64);

  it('given an H.323 trunk then a chan_ooh323 peer named after it for our calls, with its address, codecs in order, H.245 DTMF and its name as accountcode', () => {
    const text = renderOoh323Peers([trunk(), trunk({ name: 'carrier-a', technology: 'pjsip' }), trunk({ name: 'off', enabled: false })], KEY);
    expect(text).to.contain(`[huawei-8010]
type = peer
ip = 10.0.0.80
port = 1720
accountcode = huawei-8010
disallow = all
allow = alaw
allow = ulaw
dtmfmode = h245signal
faststart = yes
h245tunneling = yes
directmedia = no
`);
    expect(text).to.not.contain('carrier-a');
    expect(text).to.not.contain('[off]');
    expect(text).to.not.contain('type = friend');
  });

  it('given an H.323 trunk then its calls are taken by address only: a user section with an unguessable name, its address, the H.323 context and the trunk as accountcode (issue 16, 3.1)', () => {
    const text = renderOoh323Peers([trunk()], KEY);
    const user = /\[(in-[0-9a-f]{24})\]\ntype = user\nip = 10\.0\.0\.80\ncontext = callcenter-h323\naccountcode = huawei-8010\n/.exec(text);
    expect(user, text).to.not.equal(null);
    // chan_ooh323 also matches a caller whose display name or H.323 ID equals a user's name: no
    // user may be named after the trunk, and the name must not follow from the trunk name alone.
    expect(user![1]).to.not.contain('huawei');
    expect(renderOoh323Peers([trunk()], KEY), 'stable for one key: no reload without a change').to.equal(text);
    expect(renderOoh323Peers([trunk()], 'x'.repeat(64))).to.not.contain(user![1]);
    expect(text.match(/^type = user$/gm)).to.have.length(1);
  });

  it('given an H.323 trunk whose name would not fit chan_ooh323\'s account code (19 characters) then rendering refuses it', () => {
    expect(() => renderOoh323Peers([trunk({ name: 'a-very-long-gateway-name' })], KEY)).to.throw(/19 characters/);
  });

  it('given a host or codec that would break the file then rendering refuses it', () => {
    expect(() => renderOoh323Peers([trunk({ host: '10.0.0.1\n[x]' })], KEY)).to.throw(/not an address/);
    expect(() => renderOoh323Peers([trunk({ codecs: ['speex2'] })], KEY)).to.throw(/unknown codec/);
  });
});
