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
  updated_at?: string;
  /** The two-person rule: "pending" until a director approves (new, new role, new password). */
  status: 'active' | 'pending';
  pending_reason: PendingReason | null;
  approved_by: string | null;
  approved_at: string | null;
}

export type PendingReason = 'created' | 'role_changed' | 'password_reset';

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
  /** By code: true あり, false なし; null makes a question 未確認 again (PATCH merges by code). */
  answers?: Record<string, boolean | null>;
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
  /** Only the questions asked. */
  answers: Record<string, boolean>;
  /** The answer codes not asked yet (面接未完了 while not empty), in the table's order. */
  unasked: string[];
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
  /** safety_confirmation: how many children of the report are not yet seen. */
  children_unconfirmed?: number;
  /** safety_confirmation: every child of the report not yet seen, in the report's order. */
  children?: PersonSummary[];
}

// ---- 児童福祉: 通告・相談 (abuse reports and consultations) ----

export type ReportKind = 'abuse_report' | 'consultation';
export type ReportStep = 'received' | 'juri' | 'investigation' | 'safety_confirmed' | 'policy' | 'support' | 'referred' | 'closed';
export type Urgency = 'aa' | 'a' | 'b' | 'c';

export interface CodeLabel {
  code: string;
  label: string;
}

export interface Reporter {
  name?: string | null;
  relation?: string | null;
  contact?: string | null;
  anonymous?: boolean;
  intent?: string | null;
}

export interface ReportInput {
  kind: ReportKind;
  received_at: string;
  received_by?: string;
  route: string;
  abuse_types: string[];
  child_ids: string[];
  guardians?: { person_id: string; relation?: string | null }[];
  summary?: string | null;
  main_perpetrator?: string | null;
  urgent?: boolean;
  reporter?: Reporter | null;
}

export interface ReportChild {
  person_id: string;
  person: PersonSummary | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

export interface ReportGuardian {
  person_id: string;
  relation: string | null;
  person: PersonSummary | null;
}

export interface ReportEvent {
  seq: number;
  /** A workflow step, or 'correction': a step taken back (see corrects). */
  step: ReportStep | 'correction';
  step_label: string;
  at: string;
  note: string | null;
  note_hidden: boolean;
  urgency: Urgency | null;
  urgency_label: string | null;
  attendees: string[];
  child_ids: string[];
  seen_by: string | null;
  case_id: string | null;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_at: string;
  /** A correction: the seq of the step it takes back. */
  corrects: number | null;
  /** The whole step was taken back: it counts nowhere. */
  corrected: boolean;
  /** A 現認: the children whose 現認 was taken back. */
  corrected_child_ids: string[];
  /** May be taken back now (the latest standing step, or a 現認). */
  correctable: boolean;
}

export interface Report {
  id: string;
  version: number;
  kind: ReportKind;
  kind_label: string;
  received_at: string;
  received_by: string;
  received_by_name: string;
  route: string;
  route_label: string | null;
  abuse_types: string[];
  abuse_type_labels: CodeLabel[];
  main_perpetrator: string | null;
  main_perpetrator_label: string | null;
  summary: string | null;
  urgent: boolean;
  /** Only for the roles that act on the report (and a clerk's own intake): absent otherwise. */
  reporter?: Reporter | null;
  status: ReportStep;
  status_label: string;
  urgency: Urgency | null;
  urgency_label: string | null;
  case_id: string | null;
  safety_due_at?: string;
  safety_overdue?: boolean;
  safety_all_confirmed?: boolean;
  child_ids: string[];
  children: ReportChild[];
  guardians: ReportGuardian[];
  next_steps: { step: ReportStep; label: string }[];
  /** Only on the full view (GET /reports/{id}, and the answers to POST). */
  events?: ReportEvent[];
  created_at?: string;
  updated_at?: string;
}
