/** The conferences in progress (C6), by id. Passed in, never global. */
import { Conference, type ConferenceDeps } from './conference';

export class Conferences {
  private readonly byId = new Map<string, Conference>();

  constructor(private readonly deps: Omit<ConferenceDeps, 'onEnded'>) {}

  create(from: string | null, twoParty = false, hangupAll = false): Conference {
    const c = new Conference({ ...this.deps, onEnded: (x) => this.byId.delete(x.id) }, from, twoParty, hangupAll);
    this.byId.set(c.id, c);
    return c;
  }

  get(id: string): Conference | undefined {
    return this.byId.get(id);
  }

  all(): Conference[] {
    return [...this.byId.values()];
  }
}
