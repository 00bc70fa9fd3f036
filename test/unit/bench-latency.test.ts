import { expect } from 'chai';
import { inviteToInvite, inviteToRinging, percentiles, type SipMessage } from '../../bench/calls/latency';
import { parseStatFile } from '../../bench/calls/sipp';

const msg = (t: number, src: string, dst: string, m: Partial<SipMessage>): SipMessage =>
  ({ t, src, dst, method: null, status: null, callId: 'c1', fromUser: '', cseqMethod: 'INVITE', ...m });

describe('bench: call-setup latency from captured SIP', () => {
  it('measures INVITE -> 180 per dialog from the first INVITE, ignoring retransmissions and other callers', () => {
    const msgs = [
      msg(10.000, 'A', 'X', { method: 'INVITE', callId: 'c1' }),
      msg(10.400, 'A', 'X', { method: 'INVITE', callId: 'c1' }), // retransmission
      msg(10.500, 'X', 'A', { status: 180, callId: 'c1' }),
      msg(10.600, 'X', 'A', { status: 180, callId: 'c1' }), // a second 180 of the same call
      msg(11.000, 'B', 'X', { method: 'INVITE', callId: 'c2' }),
      msg(11.010, 'X', 'B', { status: 180, callId: 'c2' }),
      msg(12.000, 'A', 'X', { method: 'INVITE', callId: 'c3' }),
      msg(12.020, 'X', 'A', { status: 180, callId: 'c3', cseqMethod: 'BYE' }),
    ];
    const l = inviteToRinging(msgs, 'A');
    expect(l).to.have.length(1);
    expect(l[0]).to.be.closeTo(500, 1e-6);
  });

  it('matches the callee INVITE of a B2BUA to the caller INVITE by the caller number', () => {
    const msgs = [
      msg(1.000, 'C', 'X', { method: 'INVITE', fromUser: '13900000001', callId: 'a' }),
      msg(1.010, 'C', 'X', { method: 'INVITE', fromUser: '13900000002', callId: 'b' }),
      msg(1.030, 'X', 'G', { method: 'INVITE', fromUser: '13900000002', callId: 'z' }),
      msg(1.050, 'X', 'G', { method: 'INVITE', fromUser: '13900000001', callId: 'y' }),
      msg(1.060, 'X', 'H', { method: 'INVITE', fromUser: '13900000001', callId: 'w' }), // another callee address
    ];
    const l = inviteToInvite(msgs, 'C', 'G').map((x) => Math.round(x));
    expect(l).to.deep.equal([20, 50]);
  });

  it('gives nearest-rank percentiles, and NaN without samples', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(p).to.deep.equal({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([7])).to.include({ p50: 7, p99: 7 });
    expect(Number.isNaN(percentiles([]).p50)).to.equal(true);
  });

  it('reads the final counters of a SIPp statistics file and refuses one without them', () => {
    const text = 'StartTime;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);FailedTimeoutOnRecv(C);FailedMaxUDPRetrans(C)\nx;1;5;0;0;0;0\nx;2;98;1;2;2;0\n';
    expect(parseStatFile(text)).to.deep.equal({ successful: 98, failed: 2, failures: { TimeoutOnRecv: 2 } });
    expect(() => parseStatFile('StartTime;Other\n')).to.throw(/no data row/);
    expect(() => parseStatFile('StartTime;Other\n1;2\n')).to.throw(/no column SuccessfulCall/);
  });
});
