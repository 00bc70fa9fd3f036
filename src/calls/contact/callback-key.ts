/**
 * Queue callback, the caller's side (issue 22): a caller waiting in a group that offers a
 * callback key presses it (from the moment it is queued, even while a phone rings for it); the
 * callback is booked with the caller's place in the queue, the caller hears its number
 * confirmed and the call ends (status 20). The callback itself is src/callbacks.
 */
import { callbackNumber, confirmationPrompts } from '../../callbacks/callback-state';
import type { CallSession } from '../session/call-session';
import { releaseOffer } from './contact';

/** A key the customer pressed while queued: books a callback when it is the group's callback key. */
export async function onQueuedKey(s: CallSession, digit: string): Promise<void> {
  const phase = s.phase;
  const desk = s.deps.callbacks;
  if (phase.name !== 'queued' || !desk || desk.keyOf(phase.group) !== digit) return;
  const number = callbackNumber(s.customerNumber);
  if (!number) {
    s.log.info({ caller: s.customerNumber }, 'callback key refused: the caller has no number to call back');
    return;
  }
  const enteredAt = s.deps.acd.enteredAt(s.guid) ?? s.visit?.at ?? Date.now();
  if (!(await desk.request({ group: phase.group, number, originGuid: s.guid, enteredAt }))) return;
  if (s.phase !== phase) return; // the caller hung up or an agent answered meanwhile
  await releaseOffer(s, phase);
  if (phase.announcement) await s.media.stopPlayback(phase.announcement);
  await s.media.stopMoh();
  if (s.visit) {
    // app_queue's EXITWITHKEY: data1 key, data2 position, data3 original position, data4 wait (s).
    s.deps.queueLog?.write({ time: new Date(), callid: s.guid, queuename: s.visit.group, agent: 'NONE', event: 'EXITWITHKEY',
      data: [digit, '1', String(s.visit.position), String(Math.max(0, Math.round((Date.now() - s.visit.at) / 1000)))] });
  }
  s.callback = 'requested';
  s.phase = { name: 'callback', playback: null };
  s.log.info(`call ${s.guid}: queued -[callback-key ${digit}]-> callback`);
  s.phase.playback = await s.media.play(confirmationPrompts(number), 'en');
  if (!s.phase.playback) await s.end('system', 'normal');
}

/** The confirmation was heard: the call ends (the callback keeps the caller's place). */
export async function confirmationFinished(s: CallSession, playbackId: string): Promise<void> {
  if (s.phase.name === 'callback' && s.phase.playback === playbackId) await s.end('system', 'normal');
}

