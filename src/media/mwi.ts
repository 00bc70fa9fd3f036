/**
 * Message-waiting indication (issue 19), pure: what each phone's lamp shows. A phone's agent
 * hears its own mailbox and those of its groups (a queue's overflow message lands in the
 * group's box), so the lamp sums them. The NOTIFY body is RFC 3842's
 * application/simple-message-summary.
 */
export interface BoxCounts { new: number; old: number }

export interface PhoneSummary { extension: string; new: number; old: number }

/** Every phone's summary: its own box plus its groups' boxes. */
export function phoneSummaries(
  extensions: readonly string[], groupsOf: (extension: string) => readonly string[], counts: ReadonlyMap<string, BoxCounts>,
): PhoneSummary[] {
  return extensions.map((ext) => {
    const boxes = [`agent:${ext}`, ...groupsOf(ext).map((g) => `group:${g}`)];
    const sum = boxes.reduce((a, b) => ({ new: a.new + (counts.get(b)?.new ?? 0), old: a.old + (counts.get(b)?.old ?? 0) }), { new: 0, old: 0 });
    return { extension: ext, ...sum };
  });
}

/** The phones whose summary differs from what they were last told (all of them the first time). */
export function changedSummaries(now: readonly PhoneSummary[], told: ReadonlyMap<string, PhoneSummary>): PhoneSummary[] {
  return now.filter((s) => {
    const t = told.get(s.extension);
    return !t || t.new !== s.new || t.old !== s.old;
  });
}

/** The body lines of a message-summary NOTIFY. */
export function messageSummary(s: PhoneSummary, account: string): string[] {
  return [`Messages-Waiting: ${s.new > 0 ? 'yes' : 'no'}`, `Message-Account: ${account}`, `Voice-Message: ${s.new}/${s.old} (0/0)`];
}

/**
 * The AMI PJSIPNotify `Variable` value that sends it: one header per comma-separated pair
 * (Asterisk splits AMI variables at commas; every Content pair is one body line).
 */
export function notifyVariables(s: PhoneSummary, account: string): string {
  return ['Event=message-summary', 'Content-Type=application/simple-message-summary', ...messageSummary(s, account).map((l) => `Content=${l}`)].join(',');
}
