import { expect } from 'chai';
import { THREE_WAY_IDLE, threeWayTransition, ThreeWayStateError, type ThreeWayEvent, type ThreeWayState, type ThreeWayStateName } from '../../src/calls/three-way/three-way-state';

const EVENTS: ThreeWayEvent[] = [
  { type: 'add', target: '1003' }, { type: 'answered' }, { type: 'failed' }, { type: 'cancel' }, { type: 'party-left' }, { type: 'drop' }, { type: 'agent-left' },
];
const STATES: Record<ThreeWayStateName, ThreeWayState> = {
  idle: THREE_WAY_IDLE,
  ringing: { name: 'ringing', target: '1003' },
  joined: { name: 'joined', target: '1003' },
};

/** Every allowed (state, event) -> (next state, outcome); everything else is refused. */
const ALLOWED: Record<string, [ThreeWayStateName, string]> = {
  'idle add': ['ringing', 'ringing'],
  'ringing answered': ['joined', 'joined'],
  'ringing failed': ['idle', 'failed'],
  'ringing cancel': ['idle', 'cancelled'],
  'ringing agent-left': ['idle', 'cancelled'],
  'joined party-left': ['idle', 'left'],
  'joined drop': ['idle', 'dropped'],
  'joined agent-left': ['idle', 'handed-over'],
};

describe('three-way call states (issue 21, pure)', () => {
  for (const [name, state] of Object.entries(STATES)) {
    for (const event of EVENTS) {
      const key = `${name} ${event.type}`;
      const want = ALLOWED[key];
      it(`given ${name} when ${event.type} then ${want ? `${want[0]} (${want[1]})` : 'refused'}`, () => {
        if (!want) {
          expect(() => threeWayTransition(state, event)).to.throw(ThreeWayStateError);
          return;
        }
        const t = threeWayTransition(state, event);
        expect(t.state.name).to.equal(want[0]);
        expect(t.outcome).to.equal(want[1]);
        expect(t.state.target).to.equal(want[0] === 'idle' ? null : '1003');
      });
    }
  }

  it('given a call to a third party when it answers and later leaves then the call is back to idle', () => {
    let s = THREE_WAY_IDLE;
    const outcomes: string[] = [];
    for (const e of [{ type: 'add', target: '9057188888888' }, { type: 'answered' }, { type: 'party-left' }] as ThreeWayEvent[]) {
      const t = threeWayTransition(s, e);
      s = t.state;
      outcomes.push(t.outcome);
    }
    expect(outcomes).to.deep.equal(['ringing', 'joined', 'left']);
    expect(s).to.deep.equal(THREE_WAY_IDLE);
  });

  it('given refusals then the message says what to do', () => {
    expect(() => threeWayTransition(STATES.ringing, { type: 'add', target: '1004' })).to.throw(/already being called: cancel it first/);
    expect(() => threeWayTransition(STATES.joined, { type: 'add', target: '1004' })).to.throw(/already a three-way call/);
    expect(() => threeWayTransition(STATES.ringing, { type: 'drop' })).to.throw(/cancel the call to it instead/);
    expect(() => threeWayTransition(STATES.joined, { type: 'cancel' })).to.throw(/drop it instead/);
    expect(() => threeWayTransition(THREE_WAY_IDLE, { type: 'drop' })).to.throw(/no third party/);
  });
});
