/**
 * The shape of an IVR flow document (C1). A flow is JSON: a start node and named nodes, each
 * with a type. See docs/FLOWS.md for every node type with examples.
 */
import { z } from 'zod';

const nodeRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a node name: letters, digits, _ and -');
const variable = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a variable name: lower case letters, digits and _');
/** An Asterisk sound name ("hello-world", "digits/1") or an uploaded prompt ("file:welcome-cn"). */
const prompt = z.string().regex(/^(file:)?[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'a sound name like "hello-world" or "digits/1", or "file:<uploaded name>"');
const language = z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'a language like "en" or "zh_CN"');
/** A list of prompts, or one list per language. */
const prompts = z.union([z.array(prompt), z.record(language, z.array(prompt))]);
/** HH:MM; a rule's `to` is exclusive, so 24:00 is the end of the day. */
const timeOfDay = z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'a time as HH:MM (00:00 to 24:00)');
const day = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const seconds = (max: number) => z.number().min(0.5).max(max);

const play = z.object({ type: z.literal('play'), prompts, interruptible: z.boolean().default(false), next: nodeRef }).strict();
const menu = z.object({
  type: z.literal('menu'),
  prompts,
  options: z.record(z.string().regex(/^[0-9*#]$/, 'a menu option is one key: 0-9, * or #'), nodeRef),
  timeoutSec: seconds(60).default(5),
  /** How many times the menu is offered before noInput / invalid is taken. */
  attempts: z.number().int().min(1).max(10).default(3),
  invalidPrompts: prompts.optional(),
  noInput: nodeRef.optional(),
  invalid: nodeRef.optional(),
}).strict();
const collect = z.object({
  type: z.literal('collect'),
  prompts,
  variable,
  maxDigits: z.number().int().min(1).max(32).default(1),
  terminator: z.enum(['#', '*', 'none']).default('#'),
  timeoutSec: seconds(60).default(5),
  /** A regular expression the digits must match in full. */
  valid: z.string().max(200).optional(),
  attempts: z.number().int().min(1).max(10).default(1),
  invalidPrompts: prompts.optional(),
  next: nodeRef,
  noInput: nodeRef.optional(),
  invalid: nodeRef.optional(),
}).strict();
const set = z.object({ type: z.literal('set'), variable, value: z.string().max(256), next: nodeRef }).strict();
const time = z.object({
  type: z.literal('time'),
  rules: z.array(z.object({
    days: z.array(day).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    from: timeOfDay.default('00:00'),
    to: timeOfDay.default('24:00'),
    dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
    next: nodeRef,
  }).strict()).min(1),
  default: nodeRef,
}).strict();
const branch = z.object({ type: z.literal('branch'), variable, cases: z.record(z.string().max(64), nodeRef), default: nodeRef }).strict();
const queue = z.object({ type: z.literal('queue'), group: z.string().min(1) }).strict();
const transfer = z.object({ type: z.literal('transfer'), extension: z.string().regex(/^[0-9]+$/), timeoutSec: z.number().int().min(3).max(600).default(30) }).strict();
const voicemail = z.object({ type: z.literal('voicemail'), prompts, maxSec: z.number().int().min(1).max(600).default(60) }).strict();
const hangup = z.object({ type: z.literal('hangup'), prompts: prompts.optional() }).strict();
const gotoFlow = z.object({ type: z.literal('goto'), flow: z.string().min(1) }).strict();

export const flowNodeSchema = z.discriminatedUnion('type', [play, menu, collect, set, time, branch, queue, transfer, voicemail, hangup, gotoFlow]);

export const flowSchema = z.object({
  start: nodeRef,
  language: language.default('en'),
  nodes: z.record(nodeRef, flowNodeSchema),
}).strict();

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type Flow = z.infer<typeof flowSchema> & { name: string };
export type Prompts = z.infer<typeof prompts>;
export type Day = z.infer<typeof day>;
