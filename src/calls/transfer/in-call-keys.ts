/** The agent's in-call keys (*5, *6, *8 from in-call-codes.ts) on any connected call. */
import { ifStillThere } from '../../ari/errors';
import { CallControlError } from '../transfer';
import type { InCallRequest } from '../in-call-codes';
import type { CallSession } from '../session/call-session';
import { holdCustomer, retrieveCustomer } from '../session/talk';
import { blind, playTone, returnToCustomer, startConsult, stopTone } from './transfer-ops';
import { assertNoThirdParty } from '../three-way/three-way';

export async function onAgentKeys(s: CallSession, req: InCallRequest): Promise<void> {
  const phase = s.connectedPhase();
  s.log.info({ agent: phase.agent, request: req.kind }, 'agent keyed an in-call code');
  const refuse = async (why: string) => {
    s.log.info({ why }, 'in-call code refused');
    phase.keys?.consultEnded();
    await ifStillThere(() => s.client().channels.play({ channelId: phase.leg, media: 'sound:beeperr' }));
  };
  try {
    switch (req.kind) {
      case 'transfer': return await blind(s, phase, { kind: 'extension', extension: req.target });
      case 'transfer-group': {
        const group = [...s.info.groups.values()].find((g) => g.number === req.group || g.name === req.group);
        if (!group) return await refuse(`no group ${req.group}`);
        return await blind(s, phase, { kind: 'group', group: group.name });
      }
      case 'consult':
        assertNoThirdParty(phase, 'a consultation');
        s.moveTransfer({ type: 'hook-flash' });
        await holdCustomer(s, phase);
        phase.consult = null;
        await playTone(s, phase.leg, 'dial');
        return;
      case 'consult-dial':
        try {
          return await startConsult(s, phase, { kind: 'number', number: req.number });
        } catch (err) {
          if (s.transfer.name === 'dial-tone') s.moveTransfer({ type: 'cancel' });
          if (phase.held && !phase.consult) await retrieveCustomer(s, phase);
          throw err;
        }
      case 'consult-cancel':
        if (phase.consult) return await returnToCustomer(s, phase, phase.consult, 'cancel');
        if (s.transfer.name === 'dial-tone') s.moveTransfer({ type: 'cancel' });
        await stopTone(s, phase.leg);
        if (phase.held) await retrieveCustomer(s, phase);
        return;
    }
  } catch (err) {
    if (err instanceof CallControlError) return refuse(err.message);
    throw err;
  }
}
