/** Loads the routing tables from MySQL into the engine's plain data types. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';
import type { DialRule, NormalizationRule, RoutingTables, TransformOp, Trunk, TrunkGroup, RouteType, TrunkStrategy, CallerIdMode } from '../routing';

export async function loadConfigVersion(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>("SELECT version FROM config_version WHERE name = 'config'");
  return rows.length ? Number(rows[0].version) : 0;
}

export async function loadRoutingTables(pool: Pool): Promise<RoutingTables> {
  const q = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0];
  const [rules, norms, transforms, trunks, groups, members, accounts, agentGroups, flows, whitelist] = await Promise.all([
    q('SELECT id, context, pattern, route_type, target, reanalyze, reanalyze_context, description, call_class FROM dial_rules WHERE enabled = 1 ORDER BY id'),
    q('SELECT id, trunk_group, pattern FROM normalization_rules ORDER BY id'),
    q('SELECT dial_rule_id, normalization_rule_id, op, start_pos, length, text FROM number_transforms ORDER BY seq, id'),
    q('SELECT name, caller_id_mode, caller_id_number, max_channels, enabled FROM trunks ORDER BY name'),
    q('SELECT name, strategy FROM trunk_groups ORDER BY name'),
    q('SELECT group_name, trunk_name FROM trunk_group_members ORDER BY position, trunk_name'),
    q('SELECT extension FROM sip_accounts WHERE enabled = 1'),
    q('SELECT name FROM agent_groups'),
    q('SELECT name FROM flows'),
    q('SELECT pattern FROM whitelist ORDER BY id'),
  ]);
  const ruleTransforms = new Map<number, TransformOp[]>();
  const normTransforms = new Map<number, TransformOp[]>();
  for (const t of transforms) {
    const op = toTransform(t);
    const [map, id] = t.dial_rule_id != null ? [ruleTransforms, t.dial_rule_id] : [normTransforms, t.normalization_rule_id];
    map.set(id, [...(map.get(id) ?? []), op]);
  }
  return {
    rules: rules.map((r): DialRule => ({
      id: r.id, context: r.context, pattern: r.pattern, routeType: r.route_type as RouteType, target: r.target,
      transforms: ruleTransforms.get(r.id) ?? [], reanalyze: !!r.reanalyze, reanalyzeContext: r.reanalyze_context, description: r.description,
      callClass: r.call_class ?? null,
    })),
    normalization: norms.map((r): NormalizationRule => ({ id: r.id, trunkGroup: r.trunk_group, pattern: r.pattern, transforms: normTransforms.get(r.id) ?? [] })),
    trunks: trunks.map((r): Trunk => ({ name: r.name, callerIdMode: r.caller_id_mode as CallerIdMode, callerIdNumber: r.caller_id_number, maxChannels: r.max_channels, enabled: !!r.enabled })),
    trunkGroups: groups.map((g): TrunkGroup => ({
      name: g.name, strategy: g.strategy as TrunkStrategy, trunks: members.filter((m) => m.group_name === g.name).map((m) => m.trunk_name),
    })),
    extensions: new Set(accounts.map((a) => a.extension as string)),
    groups: new Set(agentGroups.map((g) => g.name as string)),
    flows: new Set(flows.map((f) => f.name as string)),
    whitelist: whitelist.map((w) => w.pattern as string),
  };
}

function toTransform(t: RowDataPacket): TransformOp {
  switch (t.op) {
    case 'delete': return { op: 'delete', start: t.start_pos, length: t.length };
    case 'replace': return { op: 'replace', start: t.start_pos, length: t.length, text: t.text };
    default: return { op: 'insert', start: t.start_pos, text: t.text };
  }
}
