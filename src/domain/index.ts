/** Pure domain data types shared by the core and the adapters (no I/O). */
export type { SipAccount, GroupConfig, FlowRow, TrunkConfig, TelephonyData, BoardRows } from './telephony';
