// Japanese labels for the codes of the API. The tables the server serves (GET /api/v1/meta) are
// not kept here: `label('<table>', code)` reads them (meta.ts); tests/api/meta.test.mjs fails when
// a served table is copied into web/src again.
import { codeLabel } from './meta';
import type { Relation, Sex } from './types';

export const RELATION_LABELS: Record<Relation, string> = {
  mother: '母',
  father: '父',
  child: '子',
  partner: 'パートナー',
  grandparent: '祖父母',
  sibling: 'きょうだい',
  other: 'その他',
};
export const RELATIONS: readonly Relation[] = ['mother', 'father', 'child', 'partner', 'grandparent', 'sibling', 'other'];

export const SEX_LABELS: Record<Sex, string> = { female: '女性', male: '男性', unknown: '不明' };
export const SEX_SHORT: Record<Sex, string> = { female: '女', male: '男', unknown: '不明' };
export const SEXES: readonly Sex[] = ['female', 'male', 'unknown'];

export const TIMELINE_KIND_LABELS: Record<string, string> = {
  person_created: '登録',
  person_updated: '基本情報の更新',
  household_created: '世帯の作成',
  household_updated: '世帯の更新',
  household_joined: '世帯への加入',
  household_left: '世帯からの転出',
  pregnancy: '妊娠届',
  pregnancy_notification: '妊娠届',
  pregnancy_registered: '妊娠届・面接',
  pregnancy_updated: '妊娠届の更新',
  screening: 'スクリーニング',
  screening_recorded: '質問票',
  screening_followup: '質問票のフォロー',
  visit_recorded: '訪問・健診',
  visit_updated: '訪問・健診の更新',
  checkup_missed: '乳幼児健診 未受診',
  checkup_followup: '未受診のフォロー',
  newborn_visit: 'こんにちは赤ちゃん訪問',
  postpartum_care: '産後ケア',
  checkup: '乳幼児健診',
  report: '通告・相談',
  abuse_report: '児童虐待の通告',
  consultation: '相談',
  report_event: '対応の記録',
  case: 'ケース',
  plan: 'サポートプラン',
  conference: '会議',
};

/**
 * The Japanese label of a code: from a table the server serves (GET /api/v1/meta), named by its
 * name (`label('roles', u.role)`), or from one still kept here. An unknown code shows as itself.
 */
export function label<K extends string>(table: string | Record<K, string>, code: string | null | undefined): string {
  if (!code) return '';
  if (typeof table === 'string') return codeLabel(table, code) ?? code;
  return (table as Record<string, string>)[code] ?? code;
}

// ---- 母子保健 ----

export const RISK_LEVEL_LABELS: Record<string, string> = { low: '低', medium: '中', high: '高' };

export const NOTIFICATION_BANDS: Record<string, string> = {
  within_11w: '満11週以内',
  w12_19: '満12〜19週',
  w20_27: '満20〜27週',
  w28_plus: '満28週以上',
  postpartum: '分娩後',
  unknown: '不詳',
};

export const VISIT_KIND_LABELS: Record<string, string> = {
  newborn_visit: 'こんにちは赤ちゃん訪問',
  postpartum_care: '産後ケア',
  checkup: '乳幼児健診',
};

export const VISIT_SUBTYPE_LABELS: Record<string, Record<string, string>> = {
  postpartum_care: { stay: '宿泊型', day: '日帰り型', home: '訪問型' },
  checkup: { '4m': '4か月児', '18m': '1歳6か月児', '3y': '3歳児' },
};

/** The kinds of visit as one list (kind and subtype together), in the order staff choose them. */
export const VISIT_CHOICES: readonly { value: string; kind: string; subtype: string | null; label: string }[] = [
  { value: 'newborn_visit', kind: 'newborn_visit', subtype: null, label: 'こんにちは赤ちゃん訪問' },
  { value: 'postpartum_care:stay', kind: 'postpartum_care', subtype: 'stay', label: '産後ケア（宿泊型）' },
  { value: 'postpartum_care:day', kind: 'postpartum_care', subtype: 'day', label: '産後ケア（日帰り型）' },
  { value: 'postpartum_care:home', kind: 'postpartum_care', subtype: 'home', label: '産後ケア（訪問型）' },
  { value: 'checkup:4m', kind: 'checkup', subtype: '4m', label: '乳幼児健診（4か月児）' },
  { value: 'checkup:18m', kind: 'checkup', subtype: '18m', label: '乳幼児健診（1歳6か月児）' },
  { value: 'checkup:3y', kind: 'checkup', subtype: '3y', label: '乳幼児健診（3歳児）' },
];

/** 予定 / 実施 (受診 for a check-up) / 未受診. */
export function visitStatusLabel(kind: string, status: string): string {
  if (status === 'scheduled') return '予定';
  if (status === 'missed') return '未受診';
  if (status === 'done') return kind === 'checkup' ? '受診' : '実施';
  return status;
}

/** こんにちは赤ちゃん訪問 / 産後ケア（宿泊型） / 乳幼児健診（4か月児）. */
export function visitKindText(kind: string, subtype: string | null | undefined): string {
  const base = label(VISIT_KIND_LABELS, kind);
  const sub = subtype ? VISIT_SUBTYPE_LABELS[kind]?.[subtype] ?? subtype : '';
  return sub ? `${base}（${sub}）` : base;
}

export const ALERT_KIND_LABELS: Record<string, string> = {
  newborn_visit: 'こんにちは赤ちゃん訪問 未実施',
  checkup_missed: '乳幼児健診 未受診',
  screening_followup: 'スクリーニング要フォロー',
  epds_self_harm: 'EPDS 自傷の考え',
  safety_confirmation: '安全確認',
};
