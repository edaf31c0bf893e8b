// Shapes of the API objects the UI uses (see docs/openapi.yaml and shared/spec/api.md).

export type Role = 'director' | 'coordinator' | 'health' | 'welfare' | 'clerk' | 'partner' | 'admin';
export type Sex = 'female' | 'male' | 'unknown';
export type Relation = 'mother' | 'father' | 'child' | 'partner' | 'grandparent' | 'sibling' | 'other';
export type Section = 'health' | 'welfare' | 'common';

export interface SessionUser {
  id: string;
  login: string;
  name: string;
  role: Role;
}

export interface Session {
  user: SessionUser;
  csrf_token: string;
}

export interface List<T> {
  items: T[];
  next_cursor: string | null;
}

export interface PersonFields {
  family_name: string;
  given_name?: string | null;
  family_name_kana: string;
  given_name_kana?: string | null;
  birth_date?: string | null;
  sex?: Sex | null;
  address?: string | null;
  phone?: string | null;
  resident_id?: string | null;
}

export interface PersonSummary {
  id: string;
  family_name: string;
  given_name?: string | null;
  family_name_kana: string;
  given_name_kana?: string | null;
  birth_date?: string | null;
  age?: number | null;
  sex?: Sex | null;
}

export interface Person extends PersonFields {
  id: string;
  version: number;
  age?: number | null;
  created_at?: string;
  updated_at?: string;
}

export interface PersonHouseholdRef {
  household_id: string;
  name?: string | null;
  relation: Relation;
  from?: string | null;
  to?: string | null;
}

export interface PersonDetail extends Person {
  households?: PersonHouseholdRef[];
}

export interface PersonCreated extends Person {
  possible_duplicates?: PersonSummary[];
}

export interface HouseholdMember {
  person_id: string;
  relation: Relation;
  from?: string | null;
  to?: string | null;
  person?: PersonSummary;
}

export interface Household {
  id: string;
  version: number;
  name?: string | null;
  address?: string | null;
  members: HouseholdMember[];
}

export interface TimelineItem {
  at: string;
  kind: string;
  section: Section | string;
  summary: string;
  ref?: { type: string; id: string } | null;
}

export interface User {
  id: string;
  version: number;
  login: string;
  name: string;
  role: Role;
  disabled: boolean;
  created_at?: string;
}

export interface AuditItem {
  seq?: number;
  at: string;
  user_id: string | null;
  user_login?: string | null;
  action: string;
  object?: { type: string; id: string } | null;
  person_id?: string | null;
}

// ---- 母子保健 (maternal and child health) ----

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RiskFlag {
  code: string;
  label: string;
  weight?: number;
}

export interface PregnancyInput {
  mother_id: string;
  notified_on: string;
  weeks_at_notification?: number | null;
  notified_after_birth?: boolean;
  due_date?: string | null;
  multiple?: boolean;
  answers?: Record<string, boolean>;
  notes?: string | null;
  child_ids?: string[];
}

export interface Pregnancy {
  id: string;
  version: number;
  mother_id: string;
  mother?: PersonSummary | null;
  notified_on: string;
  weeks_at_notification: number | null;
  notified_after_birth: boolean;
  due_date: string | null;
  multiple: boolean;
  answers: Record<string, boolean>;
  notes: string | null;
  child_ids: string[];
  mother_age_at_notification: number | null;
  risk_score: number;
  risk_level: RiskLevel;
  risk_level_label: string;
  flags: RiskFlag[];
  tokutei_ninpu_candidate: boolean;
  notification_band: { code: string; label: string } | null;
  risk_table_version?: number;
  created_at?: string;
  updated_at?: string;
}

export interface RiskTableItem {
  code: string;
  label: string;
  weight: number;
  source: 'answer' | 'derived';
}

export interface RiskTable {
  version: number;
  items: RiskTableItem[];
  high_from: number;
  medium_from: number;
  candidate_codes: string[];
  candidate_when_high: boolean;
  updated_at?: string | null;
  updated_by?: string | null;
}

export interface ScreeningSettings {
  version: number;
  bonding_threshold: number | null;
  updated_at?: string | null;
  updated_by?: string | null;
}

export type Instrument = 'epds' | 'bonding' | 'ikuji_support';

export interface FollowUp {
  on: string;
  note?: string | null;
  by?: string | null;
  at?: string | null;
}

export interface Screening {
  id: string;
  version: number;
  person_id: string;
  person?: PersonSummary | null;
  instrument: Instrument;
  instrument_label?: string;
  administered_on: string;
  answers: number[];
  score: number;
  item_scores: number[];
  flags: RiskFlag[];
  visit_id: string | null;
  notes: string | null;
  followup: FollowUp | null;
  needs_followup: boolean;
  created_at?: string;
  updated_at?: string;
}

export type VisitKind = 'newborn_visit' | 'postpartum_care' | 'checkup';
export type VisitStatus = 'scheduled' | 'done' | 'missed';

export interface Visit {
  id: string;
  version: number;
  person_id: string;
  person?: PersonSummary | null;
  kind: VisitKind;
  kind_label?: string;
  subtype: string | null;
  subtype_label?: string;
  on: string;
  status: VisitStatus;
  status_label?: string;
  staff: string | null;
  notes: string | null;
  followup: FollowUp | null;
  created_at?: string;
  updated_at?: string;
}

export interface Alert {
  kind: string;
  label: string;
  due_at: string;
  overdue: boolean;
  ref: { type: string; id: string } | null;
  person: PersonSummary | null;
}
