// Shapes of the API objects the UI uses: aliases of the types generated from docs/openapi.yaml
// (src/generated/api.d.ts, `npm run gen:api`). When the API changes, change the yaml and
// regenerate; `npm run build` fails while the generated file and the yaml disagree.
import type { components } from './generated/api';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Sex = Schemas['Sex'];
export type Relation = Schemas['Relation'];

export type SessionUser = Schemas['SessionUser'];
export type Session = Schemas['Session'];

/** One page of a list (every list answer has this shape; the yaml spells it out per list). */
export interface List<T> {
  items: T[];
  next_cursor: string | null;
}

export type PersonFields = Schemas['PersonCreate'];
/** The brief person of lists, links and pickers. */
export type PersonSummary = Schemas['PersonBrief'];
export type Person = Schemas['Person'];
export type PersonHouseholdRef = Schemas['Membership'];
export type PersonDetail = Schemas['PersonDetail'];
export type ImportOrigin = Schemas['ImportOrigin'];
export type ImportResult = Schemas['ImportResult'];
export type ImportInvalid = Schemas['ImportInvalid'];
export type PersonCreated = Schemas['PersonCreated'];

export type HouseholdMember = Schemas['Member'];
export type Household = Schemas['Household'];

export type TimelineItem = Schemas['TimelineItem'];
export type Section = TimelineItem['section'];

export type User = Schemas['User'];
export type PendingReason = NonNullable<User['pending_reason']>;
export type AuditItem = Schemas['AuditRow'];

// ---- 母子保健 (maternal and child health) ----

export type RiskLevel = Schemas['RiskLevel'];
export type RiskFlag = Schemas['RiskFlag'];
export type PregnancyInput = Schemas['PregnancyInput'];
export type Pregnancy = Schemas['Pregnancy'];
export type RiskTableItem = Schemas['RiskItem'];
export type RiskTable = Schemas['RiskTable'];
export type ScreeningSettings = Schemas['ScreeningSettings'];
export type Instrument = Schemas['Instrument'];
export type FollowUp = Schemas['Followup'];
export type Screening = Schemas['Screening'];
export type VisitKind = Schemas['VisitKind'];
export type VisitStatus = Schemas['VisitStatus'];
export type Visit = Schemas['Visit'];
export type Alert = Schemas['Alert'];
export type OnCall = Schemas['OnCall'];
export type OnCallList = Schemas['OnCallList'];

// ---- 児童福祉: 通告・相談 (abuse reports and consultations) ----

export type ReportKind = Schemas['ReportKind'];
export type ReportStep = Schemas['ReportStep'];
export type Urgency = Schemas['Urgency'];
export type Report = Schemas['Report'];
export type CodeLabel = Report['abuse_type_labels'][number];
export type Reporter = NonNullable<Report['reporter']>;
export type ReportInput = Schemas['ReportInput'];
export type ReportChild = Report['children'][number];
export type ReportGuardian = Report['guardians'][number];
export type ReportEvent = Schemas['ReportEvent'];

// ---- サポートプラン and the review intervals ----
export type Plan = Schemas['Plan'];
export type PlanInput = Schemas['PlanInput'];
export type PlanService = Schemas['PlanService'];
export type PlanContact = Schemas['PlanContact'];
export type CaseIntervals = Schemas['CaseIntervals'];
// ---- 進行管理: the coordinator's board, the 要対協 ledger, partners ----

export type Board = Schemas['Board'];
export type BoardRow = Schemas['BoardRow'];
export type Ledger = Schemas['Ledger'];
export type LedgerRow = Schemas['LedgerRow'];
export type PartnerCase = Schemas['PartnerCase'];
export type PartnerReport = Schemas['PartnerReport'];
// ---- ケース (joint cases) ----

export type Case = Schemas['Case'];
export type CaseSubjectRow = Schemas['CaseSubject'];
export type Agency = Schemas['Agency'];

// ---- 統計 ----
export type StatsYear = Schemas['StatsYear'];
export type StatsCounts = Schemas['StatsCounts'];

// ---- possible duplicates and the merge of two records (記録の統合) ----

export type DuplicatePair = Schemas['DuplicatePair'];
export type MergeSide = Schemas['MergeSide'];
export type MergeCounts = Schemas['MergeCounts'];
export type MergeChoice = Schemas['MergeChoice'];
