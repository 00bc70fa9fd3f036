import { expect } from 'chai';
import { renderOoh323Peers } from '../../src/asterisk/ooh323-config';
import { trunkDialString } from '../../src/asterisk/trunk-dial';
import type { TrunkConfig } from '../../src/domain';

const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'huawei-8010', technology: 'ooh323', host: '10.0.0.80', port: 1720, username: null, password: null, register: false, registrationExpiry: 0, inboundContext: 'from-carrier', codecs: ['alaw', 'ulaw'], enabled: true, noAnswerTimeout: 0, ...over });

describe('H.323 and DAHDI trunks (S7, S8)', () => {
  it('given each technology then the dial string is the one its channel driver understands', () => {
    expect(trunkDialString('carrier-a', '057188888888', trunk({ name: 'carrier-a', technology: 'pjsip' }))).to.equal('PJSIP/057188888888@carrier-a');
    expect(trunkDialString('huawei-8010', '057188888888', trunk())).to.equal('OOH323/057188888888@huawei-8010');
    expect(trunkDialString('pstn-e1', '057188888888', trunk({ name: 'pstn-e1', technology: 'dahdi', dahdiGroup: 2 }))).to.equal('DAHDI/g2/057188888888');
    expect(trunkDialString('gone', '1', undefined)).to.equal('PJSIP/1@gone');
    expect(() => trunkDialString('pstn-e1', '1', trunk({ technology: 'dahdi', dahdiGroup: null }))).to.throw(/dahdi_group/);
  });

  it('given an H.323 trunk then a chan_ooh323 friend with its address, codecs in order, RFC 2833 DTMF and its name as accountcode', () => {
    expect(renderOoh323Peers([trunk(), trunk({ name: 'carrier-a', technology: 'pjsip' }), trunk({ name: 'off', enabled: false })])).to.equal(
      `; Generated from the database (trunks with technology ooh323) by the callcenter app. Do not edit.

[huawei-8010]
type = friend
ip = 10.0.0.80
port = 1720
context = callcenter-h323
accountcode = huawei-8010
disallow = all
allow = alaw
allow = ulaw
dtmfmode = h245signal
faststart = yes
h245tunneling = yes
directmedia = no
`);
  });

  it('given a host or codec that would break the file then rendering refuses it', () => {
    expect(() => renderOoh323Peers([trunk({ host: '10.0.0.1\n[x]' })])).to.throw(/not an address/);
    expect(() => renderOoh323Peers([trunk({ codecs: ['speex2'] })])).to.throw(/unknown codec/);
  });
});
