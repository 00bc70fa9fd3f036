import { expect } from 'chai';
import { agentStateRows, queueLog } from '../../src/acd/queue-log-events';

const t = new Date(2026, 10, 23, 10, 0, 0);

describe('queue_log rows in app_queue\'s format', () => {
  it('given a call through a queue then ENTERQUEUE, CONNECT and COMPLETECALLER carry app_queue\'s fields', () => {
    expect(queueLog.enter(t, 'g', 'sales', '13800138000', 1)).to.deep.include({ agent: 'NONE', event: 'ENTERQUEUE', data: ['', '13800138000', '1'] });
    expect(queueLog.connect(t, 'g', 'sales', '1001', 12400, 'g-a1', 2600)).to.deep.include({ agent: 'PJSIP/1001', event: 'CONNECT', data: ['12', 'g-a1', '3'] });
    expect(queueLog.complete(t, 'g', 'sales', '1001', 'caller', 12400, 61000, 1)).to.deep.include({ event: 'COMPLETECALLER', data: ['12', '61', '1'] });
    expect(queueLog.complete(t, 'g', 'sales', '1001', 'agent', 0, 0, 2).event).to.equal('COMPLETEAGENT');
  });
  it('given a missed ring, an abandon and a timeout then RINGNOANSWER (ms), ABANDON and EXITWITHTIMEOUT are written', () => {
    expect(queueLog.ringNoAnswer(t, 'g', 'sales', '1002', 15003.4).data).to.deep.equal(['15003']);
    expect(queueLog.abandon(t, 'g', 'sales', 2, 3, 40400)).to.deep.include({ event: 'ABANDON', data: ['2', '3', '40'] });
    expect(queueLog.exitWithTimeout(t, 'g', 'sales', 1, 1, 300000)).to.deep.include({ event: 'EXITWITHTIMEOUT', data: ['1', '1', '300'] });
  });
  it('given agent state changes then login, pause, unpause and logoff are written once per group of the agent', () => {
    expect(agentStateRows(t, '1001', 'logged_out', 'ready', null, ['sales', 'vip']).map((r) => [r.queuename, r.event, r.agent])).to.deep.equal([
      ['sales', 'AGENTLOGIN', 'PJSIP/1001'], ['vip', 'AGENTLOGIN', 'PJSIP/1001'],
    ]);
    expect(agentStateRows(t, '1001', 'ready', 'not_ready', 'lunch', ['sales']).map((r) => [r.event, r.data])).to.deep.equal([['PAUSE', ['lunch']]]);
    expect(agentStateRows(t, '1001', 'not_ready', 'ready', null, ['sales']).map((r) => r.event)).to.deep.equal(['UNPAUSE']);
    expect(agentStateRows(t, '1001', 'on_call', 'logged_out', 'phone', ['sales']).map((r) => r.event)).to.deep.equal(['AGENTLOGOFF']);
    expect(agentStateRows(t, '1001', 'ready', 'ringing', null, ['sales'])).to.deep.equal([]);
  });
});
