/**
 * Flow variables the product itself writes: the call's facts given to every flow it runs
 * (contact.ts), the key pressed at each menu (interpreter.ts) and the survey's score, saved with
 * the call record. The API may not set them (issue 16): a score set by anyone but the caller is a
 * faked survey, and a faked menu key or caller steers the flow.
 */
export const FLOW_CALL_FACTS = ['caller', 'callee', 'agent'] as const;
export const SURVEY_SCORE_VARIABLE = 'survey_score';
export const BUILT_IN_VARIABLES: readonly string[] = [...FLOW_CALL_FACTS, SURVEY_SCORE_VARIABLE];
/** A menu node's key is kept in menu_<node>. */
export const MENU_VARIABLE_PREFIX = 'menu_';
/** Global variables (src/cti/global-variables.ts) reach every flow as global_<name>. */
export const GLOBAL_VARIABLE_PREFIX = 'global_';

/** Case does not matter: SURVEY_SCORE is refused like survey_score, so nobody is misled about which one counts. */
export function isBuiltInVariable(name: string): boolean {
  const n = name.toLowerCase();
  return BUILT_IN_VARIABLES.includes(n) || n.startsWith(MENU_VARIABLE_PREFIX) || n.startsWith(GLOBAL_VARIABLE_PREFIX);
}
