// The connection matrix every mesh's differential suite runs, and the pair of pod labs it runs in: the
// mesh's own rules in one pod namespace ("theirs"), ours in the other, the same stand-in proxy, app and
// peer in both. A cell whose fate differs between the two is a place where a pod of that mesh would
// see its connection end somewhere else under us than under its own CNI.
import type { NetLab } from './netlab.js';
import { podLab, type Cell, type PodLab, type Ruleset, type StandInProxy } from './traffic-lab.js';

export interface MatrixSpec {
  proxy: { uid: number; gid?: number };
  /** Outbound users besides the proxy and a plain app (uid 1000, gid 1000). */
  users?: Readonly<Record<string, { uid: number; gid: number }>>;
  /** Every port to try: the mesh's own (proxy listeners, admin, metrics, health, DNS, …) and app ports. */
  ports: readonly number[];
}

export const APP_USER = { uid: 1000, gid: 1000 } as const;

/** Destinations of outbound cells: the pod's own addresses, loopback, the peer in and out of range. */
function destinations(a: PodLab['addrs']): Record<string, string> {
  return { pod4: a.pod4, pod6: a.pod6, lo4: '127.0.0.1', lo4b: '127.0.0.2', lo6: '::1', peer4: a.peer4, peer6: a.peer6, other4: a.other4, other6: a.other6 };
}

/**
 * Outbound: every user to every destination × port (`out/<user>/<dest>/<port>`); inbound: the peer to
 * the pod's addresses × port (`in/peer/<pod4|pod6>/<port>`).
 */
export function matrixCells(addrs: PodLab['addrs'], spec: MatrixSpec): Cell[] {
  const users: Record<string, { uid: number; gid: number }> = {
    proxy: { uid: spec.proxy.uid, gid: spec.proxy.gid ?? spec.proxy.uid },
    app: APP_USER,
    ...spec.users,
  };
  const cells: Cell[] = [];
  for (const [user, id] of Object.entries(users)) {
    for (const [dest, addr] of Object.entries(destinations(addrs))) {
      for (const port of spec.ports) cells.push({ id: `out/${user}/${dest}/${port}`, uid: id.uid, gid: id.gid, addr, port, from: 'pod' });
    }
  }
  for (const [dest, addr] of [
    ['pod4', addrs.pod4],
    ['pod6', addrs.pod6],
  ] as const) {
    for (const port of spec.ports) cells.push({ id: `in/peer/${dest}/${port}`, uid: 0, gid: 0, addr, port, from: 'peer' });
  }
  return cells;
}

export interface Comparison {
  cells: number;
  diffs: Array<{ id: string; theirs: string; ours: string }>;
  theirs: Map<string, string>;
  ours: Map<string, string>;
}

export interface DifferentialLab {
  readonly addrs: PodLab['addrs'];
  /** The spec's matrix for this lab's addresses. */
  readonly cells: Cell[];
  /** Loads each side's rules, runs the same cells in both, returns every cell whose fates differ. */
  compare(theirs: Ruleset, ours: Ruleset, cells?: Cell[]): Promise<Comparison>;
  /** Runs cells against one ruleset only (in "ours"), for explicit fate assertions. */
  fates(rules: Ruleset, cells?: Cell[]): Promise<Map<string, string>>;
}

/** One pair of pod labs for a suite: app and peer listeners on every spec port, the stand-in proxy in both. */
/** `label`: 1-2 lowercase letters or digits (each side appends one). */
export async function differentialLab(lab: NetLab, label: string, proxy: StandInProxy, spec: MatrixSpec): Promise<DifferentialLab> {
  const [theirs, ours] = await Promise.all([podLab(lab, { label: `${label}t` }), podLab(lab, { label: `${label}o` })]);
  const proxyPorts = new Set(proxy.listen.map((l) => l.port));
  const appPorts = spec.ports.filter((p) => !proxyPorts.has(p));
  for (const side of [theirs, ours]) {
    await side.serveApp(appPorts);
    await side.servePeer([...spec.ports]);
    await side.startProxy(proxy);
  }
  const cells = matrixCells(ours.addrs, spec);
  return {
    addrs: ours.addrs,
    cells,
    async compare(theirRules, ourRules, only = cells) {
      await Promise.all([theirs.load(theirRules), ours.load(ourRules)]);
      const [t, o] = await Promise.all([theirs.run(only), ours.run(only)]);
      const diffs = only.filter((c) => t.get(c.id) !== o.get(c.id)).map((c) => ({ id: c.id, theirs: t.get(c.id) ?? '?', ours: o.get(c.id) ?? '?' }));
      return { cells: only.length, diffs, theirs: t, ours: o };
    },
    async fates(rules, only = cells) {
      await ours.load(rules);
      return ours.run(only);
    },
  };
}

/** The diffs not explained by `allowed` (cell id → why the difference is intended). */
export function unexplained(c: Comparison, allowed: (id: string) => string | undefined): Comparison['diffs'] {
  return c.diffs.filter((d) => allowed(d.id) === undefined);
}
