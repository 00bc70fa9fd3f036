// The browser phone of the agent desktop (issue 21): JsSIP over WebSocket to Asterisk, one call
// at a time. Registers, re-registers after a network blip (JsSIP reconnects the WebSocket with
// back-off, 1 s to 10 s, and registers again on every reconnect), answers with the microphone
// and plays the far end in an <audio> element. DTMF goes as RFC 4733 events, as the product
// expects of every phone. No DOM besides the <audio> element: agent.js draws the page.
'use strict';

// eslint-disable-next-line no-unused-vars
class AgentPhone {
  /** opts: { wsUrl, uri, authorizationUser, password, displayName, iceServers, audio, on(event, detail) } */
  constructor(opts) {
    this.opts = opts;
    this.ua = null;
    this.session = null;
    this.state = 'off';
    /** Set for a click-to-call: the next incoming leg (the product rings us first) is answered at once. */
    this.expectCallUntil = 0;
  }

  emit(event, detail) {
    try { this.opts.on(event, detail || {}); } catch (err) { console.error(err); }
  }

  setState(s, why) {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', { state: s, why: why || '' });
  }

  start() {
    const o = this.opts;
    const socket = new JsSIP.WebSocketInterface(o.wsUrl);
    this.ua = new JsSIP.UA({
      sockets: [socket], uri: o.uri, authorization_user: o.authorizationUser, password: o.password, display_name: o.displayName,
      register: true, register_expires: 120, session_timers: false, user_agent: 'callcenter-agent-desktop',
      connection_recovery_min_interval: 1, connection_recovery_max_interval: 10,
    });
    this.setState('connecting');
    this.ua.on('connected', () => this.setState('connecting', 'socket up, registering'));
    this.ua.on('disconnected', () => { if (this.state !== 'off' && this.state !== 'taken-over') this.setState('reconnecting', 'network lost: reconnecting'); });
    this.ua.on('registered', () => this.setState('registered'));
    this.ua.on('unregistered', () => { if (this.state === 'registered') this.setState('connecting', 'unregistered'); });
    this.ua.on('registrationFailed', (e) => this.setState('failed', e.cause || 'registration failed'));
    this.ua.on('newRTCSession', (e) => this.onSession(e));
    this.ua.start();
  }

  /** Signs the phone out (unregister, close the socket). `why`: 'off' or 'taken-over'. */
  stop(why) {
    const ua = this.ua;
    this.ua = null;
    if (this.session) { try { this.session.terminate(); } catch (_) { /* already ended */ } }
    this.setState(why || 'off');
    if (ua) {
      try { ua.unregister({ all: false }); } catch (_) { /* socket gone */ }
      setTimeout(() => ua.stop(), 300);
    }
  }

  onSession(e) {
    const s = e.session;
    if (e.originator !== 'remote') return;
    if (this.session) {
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.session = s;
    this.ringingAt = performance.now();
    const from = s.remote_identity.uri.user;
    const name = s.remote_identity.display_name || '';
    s.on('peerconnection', (p) => this.watchTracks(p.peerconnection));
    s.on('confirmed', () => this.emit('talking', {}));
    s.on('ended', (x) => this.ended(s, x.cause));
    s.on('failed', (x) => this.ended(s, x.cause));
    s.on('icecandidate', (c) => this.candidate(c));
    const expected = performance.now() < this.expectCallUntil;
    this.expectCallUntil = 0;
    this.emit('incoming', { from, name, expected });
  }

  // With no STUN/TURN server the browser's own (host) addresses are all there is: send the SDP
  // as soon as the first one is known, plus a moment for the others, instead of waiting for the
  // end of gathering (which may wait on interfaces that never answer): no dead air on answer.
  candidate(c) {
    if (this.opts.iceServers.length > 0 || this.iceTimer) return;
    this.iceTimer = setTimeout(() => { this.iceTimer = null; c.ready(); }, 150);
  }

  watchTracks(pc) {
    pc.addEventListener('track', (t) => {
      const stream = t.streams[0] || new MediaStream([t.track]);
      this.opts.audio.srcObject = stream;
      this.opts.audio.play().catch(() => { /* autoplay: plays on the next click */ });
    });
  }

  answer() {
    if (!this.session || this.session.isEstablished()) return;
    this.answerClickedAt = performance.now();
    this.session.answer({
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: this.opts.iceServers, rtcpMuxPolicy: 'require', bundlePolicy: 'max-bundle' },
    });
  }

  hangup() {
    if (this.session) this.session.terminate();
  }

  mute(on) {
    if (!this.session) return;
    if (on) this.session.mute({ audio: true }); else this.session.unmute({ audio: true });
  }

  dtmf(tone) {
    if (this.session && this.session.isEstablished()) this.session.sendDTMF(tone, { transportType: 'RFC2833', duration: 120, interToneGap: 70 });
  }

  ended(s, cause) {
    if (this.session !== s) return;
    this.session = null;
    if (this.iceTimer) { clearTimeout(this.iceTimer); this.iceTimer = null; }
    this.opts.audio.srcObject = null;
    this.emit('ended', { cause: cause || '' });
  }

  /** RTP counters of the current call (getStats): packets received and sent, for the page and for tests. */
  async stats() {
    const pc = this.session && this.session.connection;
    if (!pc) return null;
    const out = { packetsReceived: 0, packetsSent: 0, bytesReceived: 0, codec: null };
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') { out.packetsReceived += r.packetsReceived || 0; out.bytesReceived += r.bytesReceived || 0; }
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.packetsSent += r.packetsSent || 0;
      if (r.type === 'codec' && r.mimeType && !out.codec) out.codec = r.mimeType;
    });
    return out;
  }
}
