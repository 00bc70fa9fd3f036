/** Checks the references between agent groups and flows (overflow, survey) at reload. Pure. */
import type { GroupConfig } from '../domain';

export class GroupConfigError extends Error {}

export function validateGroups(groups: readonly GroupConfig[], flows: ReadonlySet<string>): void {
  const names = new Set(groups.map((g) => g.name));
  const problems: string[] = [];
  for (const g of groups) {
    if (g.overflowGroup && !names.has(g.overflowGroup)) problems.push(`group ${g.name}: overflow_group "${g.overflowGroup}" does not exist`);
    if (g.overflowGroup === g.name) problems.push(`group ${g.name}: overflow_group is the group itself`);
    if (g.overflowFlow && !flows.has(g.overflowFlow)) problems.push(`group ${g.name}: overflow_flow "${g.overflowFlow}" does not exist`);
    if (g.surveyFlow && !flows.has(g.surveyFlow)) problems.push(`group ${g.name}: survey_flow "${g.surveyFlow}" does not exist`);
  }
  if (problems.length) throw new GroupConfigError(problems.join('; '));
}
