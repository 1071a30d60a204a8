/**
 * Guided drafting sessions, as letter-writing workshops run them: a facilitator leads participants through
 * an agenda; each participant drafts their own letter. DTOs, the default agenda, and the zod
 * schemas that validate every request at the edge.
 */
import { z } from 'zod';
import type { Profession } from './auth';
import { GENERAL_SECTIONS } from './checklist';
import { TEMPLATES } from './templates';

/** A person's part in a workshop. */
export const WORKSHOP_ROLES = ['facilitator', 'participant'] as const;

/** One of WORKSHOP_ROLES. */
export type WorkshopRole = (typeof WORKSHOP_ROLES)[number];

/** Limits on workshop fields. */
export const WorkshopLimits = {
  maxTitleLength: 200,
  maxStepTitleLength: 120,
  maxGuidanceLength: 2000,
  maxSteps: 20,
  maxStepMinutes: 240,
  maxBroadcastLength: 280,
  maxExtendMinutes: 60,
  joinCodeLength: 6,
} as const;

/** Section keys a step may focus on: the templates' sections and the checklist's general groups. */
export const FOCUS_SECTION_KEYS: readonly string[] = [
  ...new Set([...Object.values(TEMPLATES).flatMap((template) => template.sections.map((section) => section.key)), ...Object.keys(GENERAL_SECTIONS)]),
];

/** One agenda step. `focusSections` empty means the whole letter. */
export interface AgendaStep {
  id: string;
  title: string;
  minutes: number;
  guidance: string;
  focusSections: string[];
}

/** The default two-hour agenda of workshop.md. */
export const DEFAULT_AGENDA: readonly Omit<AgendaStep, 'id'>[] = [
  {
    title: 'Briefing',
    minutes: 15,
    guidance: 'Facility type and the standard that binds it, legal route, recipient, deadline, consent. Fill in the case details and the header.',
    focusSections: ['header', 'summary'],
  },
  {
    title: 'Records walkthrough',
    minutes: 15,
    guidance: 'Build a dated timeline from the records. Mark each fact as documented (with its record) or reported.',
    focusSections: ['basis', 'history', 'care'],
  },
  {
    title: 'Drafting',
    minutes: 40,
    guidance: 'Write the opinion section by section, time-boxed. Tie every gap in care to a dated record and a named standard.',
    focusSections: ['qualifications', 'limitations', 'findings', 'care', 'standard', 'risks', 'recommendations', 'release'],
  },
  {
    title: 'Peer review',
    minutes: 20,
    guidance: "In pairs, read your partner's draft (de-identified) against the checklist and leave comments beside the text.",
    focusSections: [],
  },
  {
    title: 'Lawyer review',
    minutes: 20,
    guidance: 'Framing, consistency with the declaration, and the recipient. Answer the lawyer\'s comments.',
    focusSections: ['summary', 'history', 'standard'],
  },
  {
    title: 'Close-out',
    minutes: 10,
    guidance: 'Signature, secure sending, and a follow-up date.',
    focusSections: ['attestation', 'privacy'],
  },
];

/** A workshop as the API returns it to one of its members. */
export interface Workshop {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  /** Short code participants type to join (facilitators and participants see it). */
  joinCode: string;
  /** The caller's role. */
  role: WorkshopRole;
  agenda: AgendaStep[];
  facilitator: { userId: string; name: string };
  createdAt: string;
  /** Set once the facilitator ended the session. */
  endedAt: string | null;
  /** The caller's own letter in this workshop (participants), or null. */
  myLetterId: string | null;
  /** Whether the caller shares their letter's text with the facilitator. */
  sharesText: boolean;
}

/** A workshop in `GET /api/workshops`. */
export interface WorkshopSummary {
  id: string;
  title: string;
  date: string;
  role: WorkshopRole;
  participantCount: number;
  endedAt: string | null;
}

/** The timer of the current step. Clients compute time left from `endsAt` and `serverNow`. */
export interface WorkshopTimer {
  state: 'idle' | 'running' | 'paused';
  /** The step's length plus extensions. */
  durationMs: number;
  /** When it runs out (running only). */
  endsAt: string | null;
  /** Time left (paused or idle). */
  remainingMs: number | null;
}

/** The live session, the same for everyone; sent whole on every change. */
export interface WorkshopState {
  workshopId: string;
  /** Grows with every change; a client ignores a state older than the one it has. */
  revision: number;
  stepIndex: number;
  timer: WorkshopTimer;
  broadcast: { text: string; at: string; by: string } | null;
  hands: { userId: string; name: string; raisedAt: string }[];
  pairs: { a: string; b: string }[];
  /** The letter on the shared screen: everyone may read it masked (GET …/spotlight). */
  spotlight: { letterId: string; ownerName: string; title: string } | null;
  ended: boolean;
  /** The server's clock when this was sent, to correct for the client's. */
  serverNow: string;
}

/** One participant on the facilitator's board: progress figures only, never letter text. */
export interface BoardParticipant {
  userId: string;
  name: string;
  profession: Profession;
  online: boolean;
  letterId: string | null;
  letterTitle: string | null;
  /** Section key the participant is working in, as their client reports it. */
  currentSection: string | null;
  checklistDone: number;
  checklistTotal: number;
  sectionsStarted: number;
  sectionsTotal: number;
  wordCount: number;
  handRaisedAt: string | null;
  /** The participant shares their letter's text with the facilitator (who then may open it). */
  sharesText: boolean;
  partnerId: string | null;
}

/** The spotlighted letter, de-identified on the server: case values never leave it. */
export interface SpotlightContent {
  letterId: string;
  title: string;
  ownerName: string;
  /** ProseMirror JSON of the body, case-field nodes replaced by masked text and literal case values scrubbed. */
  body: unknown;
}

const StepSchema = z.strictObject({
  id: z.string().max(64).optional(),
  title: z
    .string({ message: 'each step needs a title' })
    .trim()
    .min(1, { message: 'each step needs a title' })
    .max(WorkshopLimits.maxStepTitleLength, { message: `step titles must be at most ${WorkshopLimits.maxStepTitleLength} characters` }),
  minutes: z
    .number({ message: 'minutes must be a number' })
    .int({ message: 'minutes must be a whole number' })
    .min(1, { message: 'a step lasts at least 1 minute' })
    .max(WorkshopLimits.maxStepMinutes, { message: `a step lasts at most ${WorkshopLimits.maxStepMinutes} minutes` }),
  guidance: z.string().trim().max(WorkshopLimits.maxGuidanceLength, { message: `guidance must be at most ${WorkshopLimits.maxGuidanceLength} characters` }).default(''),
  focusSections: z
    .array(z.string().refine((key) => FOCUS_SECTION_KEYS.includes(key), { message: 'unknown section' }))
    .max(30)
    .default([]),
});

/** An agenda as a client sends it (ids of existing steps are kept; new steps have none). */
export const AgendaSchema = z
  .array(StepSchema)
  .min(1, { message: 'the agenda needs at least one step' })
  .max(WorkshopLimits.maxSteps, { message: `at most ${WorkshopLimits.maxSteps} steps` });

const TitleSchema = z
  .string({ message: 'title is required' })
  .trim()
  .min(1, { message: 'title must not be empty' })
  .max(WorkshopLimits.maxTitleLength, { message: `title must be at most ${WorkshopLimits.maxTitleLength} characters` });

const DateSchema = z.iso.date({ message: 'date must be YYYY-MM-DD' });

/** `POST /api/workshops` body; without an agenda the default one is used. */
export const WorkshopCreateSchema = z.strictObject({ title: TitleSchema, date: DateSchema, agenda: AgendaSchema.optional() });

/** `PATCH /api/workshops/:id` body (facilitator). */
export const WorkshopUpdateSchema = z
  .strictObject({ title: TitleSchema.optional(), date: DateSchema.optional(), agenda: AgendaSchema.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' });

/** Join codes: no 0/O, 1/I/L, so they can be read aloud and typed. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `POST /api/workshops/join` body; codes are case-insensitive. */
export const JoinSchema = z.strictObject({
  code: z
    .string({ message: 'code is required' })
    .trim()
    .toUpperCase()
    .length(WorkshopLimits.joinCodeLength, { message: `the code has ${WorkshopLimits.joinCodeLength} characters` }),
});

/** `POST /api/workshops/:id/letter` body (participant): a new letter from a template, or one of theirs. */
export const ParticipantLetterSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('new'), title: TitleSchema.optional() }),
  z.strictObject({ mode: z.literal('attach'), letterId: z.uuid({ message: 'letterId must be a letter id' }) }),
]);

/** `POST /api/workshops/:id/actions` body: one change to the live session. Participants may only raise or lower their own hand. */
export const WorkshopActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('goToStep'), index: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('nextStep') }),
  z.strictObject({ type: z.literal('previousStep') }),
  z.strictObject({ type: z.literal('timerStart') }),
  z.strictObject({ type: z.literal('timerPause') }),
  z.strictObject({ type: z.literal('timerReset') }),
  z.strictObject({ type: z.literal('timerExtend'), minutes: z.number().int().min(1).max(WorkshopLimits.maxExtendMinutes) }),
  z.strictObject({
    type: z.literal('broadcast'),
    text: z.string().trim().min(1, { message: 'the message is empty' }).max(WorkshopLimits.maxBroadcastLength, { message: `at most ${WorkshopLimits.maxBroadcastLength} characters` }),
  }),
  z.strictObject({ type: z.literal('clearBroadcast') }),
  z.strictObject({ type: z.literal('raiseHand') }),
  /** Without userId: one's own hand; a facilitator may lower anyone's. */
  z.strictObject({ type: z.literal('lowerHand'), userId: z.uuid().optional() }),
]);

/** A validated action. */
export type WorkshopAction = z.infer<typeof WorkshopActionSchema>;

/** `PUT /api/workshops/:id/pairs` body (facilitator): peer-review pairs; each participant at most once. */
export const PairsSchema = z.strictObject({
  pairs: z.array(z.strictObject({ a: z.uuid(), b: z.uuid() })).max(100),
});

/** `PUT /api/workshops/:id/spotlight` body (facilitator): a participant's letter, or null to end it. */
export const SpotlightSchema = z.strictObject({ letterId: z.uuid().nullable() });

/** `PUT /api/workshops/:id/share` body (participant): let the facilitator read my letter's text. */
export const ShareSchema = z.strictObject({ shared: z.boolean() });

/** `PUT /api/workshops/:id/presence` body (participant): the section their caret is in. */
export const PresenceSchema = z.strictObject({ section: z.string().max(64).nullable() });
