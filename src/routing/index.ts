export * from './types';
export { checkNumber, printable, MAX_NUMBER_LENGTH } from './number';
export { compilePattern, PatternError } from './pattern';
export { applyTransform, applyTransforms, TransformError } from './transform';
export { compileTables, RoutingConfigError, type CompiledTables } from './compile';
export { selectTrunk } from './trunk-selection';
export { TrunkStates, type CallFacts, type CallRelease } from './trunk-state';
export { route, formatTrace, MAX_ANALYSIS_HOPS } from './engine';
