import { expect } from 'chai';
import { identities, parseHotDeskLogin, Seating } from '../../src/hotdesk/seating';
import { hashPin, pinMatches } from '../../src/hotdesk/pin';

describe('hot-desking: agent IDs seated at phones (issue 19, groundwork)', () => {
  it('given the demo then agents 1001-1004 sit at their own phones', () => {
    const s = new Seating(['1001', '1002', '1003', '1004'].map((e) => ({ agent: e, extension: e })));
    expect(s.phoneOf('1003')).to.equal('1003');
    expect(identities(s, '1003')).to.deep.equal({ agent: '1003', extension: '1003' });
  });

  it('given agent 20011 logs in at phone 1003 then 1003 rings for 20011 and the agent sitting there is logged out', () => {
    const s = new Seating([{ agent: '1003', extension: '1003' }]);
    expect(s.login('20011', '1003')).to.deep.equal({ agent: '20011', extension: '1003', displaced: '1003', left: null });
    expect(s.phoneOf('20011')).to.equal('1003');
    expect(s.phoneOf('1003')).to.equal(null);
    expect(identities(s, '1003')).to.deep.equal({ agent: '20011', extension: '1003' });
  });

  it('given an agent logs in elsewhere then it leaves its old phone; logging in twice at one phone changes nothing', () => {
    const s = new Seating();
    s.login('20011', '1003');
    expect(s.login('20011', '1004')).to.deep.equal({ agent: '20011', extension: '1004', displaced: null, left: '1003' });
    expect(s.agentAt('1003')).to.equal(null);
    expect(s.login('20011', '1004')).to.deep.equal({ agent: '20011', extension: '1004', displaced: null, left: null });
    expect(s.logout('20011')).to.equal('1004');
    expect(s.logout('20011')).to.equal(null);
    expect(s.seats()).to.deep.equal([]);
  });

  it('given any sequence of logins and logouts then one agent per phone and one phone per agent', () => {
    const s = new Seating();
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let i = 0; i < 2000; i++) {
      const agent = `2001${rnd(6)}`;
      if (rnd(4) === 0) s.logout(agent); else s.login(agent, `100${rnd(5)}`);
      const seats = s.seats();
      expect(new Set(seats.map((x) => x.extension)).size).to.equal(seats.length);
      for (const x of seats) expect(s.agentAt(x.extension)).to.equal(x.agent);
    }
  });

  it('given dialled digits then *11<id>*<pin># is a hot-desk login; anything else is not', () => {
    expect(parseHotDeskLogin('*1120011*4321#')).to.deep.equal({ agent: '20011', pin: '4321' });
    expect(parseHotDeskLogin('*1120011*4321')).to.deep.equal({ agent: '20011', pin: '4321' });
    expect(parseHotDeskLogin('#9920011*4321', '#99')).to.deep.equal({ agent: '20011', pin: '4321' });
    for (const d of ['*11', '*11#', '*1120011', '*1120011*', '*1120011*12', '*12*20011*4321', '*1120011*4321*', '*11a*4321', '*111*4321']) {
      expect(parseHotDeskLogin(d), d).to.equal(null);
    }
  });

  it('given a PIN then only that PIN matches its hash; hashes are salted', () => {
    const h = hashPin('4321');
    expect(pinMatches('4321', h)).to.equal(true);
    for (const wrong of ['4320', '43210', '', 'abcd']) expect(pinMatches(wrong, h), wrong).to.equal(false);
    expect(hashPin('4321')).not.to.equal(h);
    for (const bad of ['', 'scrypt$x', 'md5$a$b', `scrypt$${h.split('$')[1]}$short`]) expect(pinMatches('4321', bad), bad).to.equal(false);
    expect(() => hashPin('12')).to.throw();
  });
});
