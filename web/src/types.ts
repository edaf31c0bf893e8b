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
