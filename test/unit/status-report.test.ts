/** `make status` (issue 17, item 11): stored registrations of phones that are not there are told apart from phones that answer. */
import { expect } from 'chai';
import { parseContacts, parseRegistrations, statusReport } from '../../src/asterisk/status-report';

// As Asterisk 22 prints them (captured on the demo site).
const REGISTRATIONS = `
 <Registration/ServerURI..............................>  <Auth....................>  <Status.......>
==========================================================================================

 carrier-a/sip:127.0.0.2:5060                            carrier-a-auth              Registered        (exp. 106s)

Objects found: 1
`;
const CONTACTS = `
  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>
==========================================================================================

  Contact:  1002/sip:1002@127.0.0.5:5060                   503ac20758 Avail         1.209
  Contact:  1004/sip:1004@127.0.0.5:5060                   5d2033753b Unavail        -nan
  Contact:  1003/sip:1003@127.0.0.5:5060                   5d2033753c Unknown        -nan
  Contact:  carrier-a/sip:127.0.0.2:5060                   067c650437 NonQual        -nan
  Contact:  carrier-b/sip:127.0.0.3:5060                   ec370cc9b4 Avail         1.531

Objects found: 5
`;

describe('make status (statusReport)', () => {
  it('parses the CLI tables, header lines excluded', () => {
    expect(parseRegistrations(REGISTRATIONS)).to.deep.equal([{ name: 'carrier-a', uri: 'sip:127.0.0.2:5060', status: 'Registered', detail: 'exp. 106s' }]);
    const contacts = parseContacts(CONTACTS);
    expect(contacts.map((c) => `${c.aor} ${c.status} ${c.rttMs}`)).to.deep.equal(['1002 Avail 1.209', '1004 Unavail null', '1003 Unknown null', 'carrier-a NonQual null', 'carrier-b Avail 1.531']);
  });

  it('given stored registrations of phones that are not there then they are marked as such, apart from phones that answer', () => {
    const lines = statusReport(REGISTRATIONS, CONTACTS, 30);
    const text = lines.join('\n');
    expect(lines).to.include('Phones registered (contacts):');
    expect(lines.find((l) => l.includes('1002'))).to.match(/reachable \(1\.2 ms\)$/);
    expect(lines.find((l) => l.includes('1004'))).to.contain('NOT ANSWERING: a stored registration');
    expect(lines.find((l) => l.includes('1003'))).to.contain('not checked yet').and.contain('within 30 s');
    expect(text).to.contain('(2 of 3 not confirmed');
    expect(lines.find((l) => l.includes('carrier-a') && l.includes('Registered'))).to.contain('(exp. 106s)');
    expect(lines.find((l) => l.includes('carrier-b'))).to.contain('reachable');
  });

  it('given nothing registered then each section says none', () => {
    expect(statusReport('', '')).to.deep.equal(['Outbound registrations (trunks):', '  none', 'Phones registered (contacts):', '  none', 'Trunks (their addresses):', '  none']);
  });
});
