// Japanese labels for the codes of the API.
import type { Relation, Role, Section, Sex } from './types';

export const ROLE_LABELS: Record<Role, string> = {
  director: 'センター長',
  coordinator: '統括支援員',
  health: '保健師・助産師等',
  welfare: '児童福祉担当',
  clerk: '受付・事務',
  partner: '関係機関（要対協）',
  admin: 'システム管理',
};
export const ROLES: readonly Role[] = ['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin'];

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

export const SECTION_LABELS: Record<Section, string> = { health: '母子保健', welfare: '児童福祉', common: '共通' };

export const ACTION_LABELS: Record<string, string> = {
  read: '閲覧',
  create: '作成',
  update: '更新',
  delete: '削除',
  export: '出力',
  import: '取込',
  merge: '統合',
  login: 'ログイン',
  logout: 'ログアウト',
  login_failed: 'ログイン失敗',
  approve: '承認',
};

export const OBJECT_LABELS: Record<string, string> = {
  person: '利用者',
  person_search: '利用者検索',
  household: '世帯',
  user: 'アカウント',
  session: 'セッション',
  case: 'ケース',
  plan: 'サポートプラン',
  report: '通告・相談',
  pregnancy: '妊娠届',
  screening: 'スクリーニング',
  conference: '会議',
  audit: '監査ログ',
};

export const TIMELINE_KIND_LABELS: Record<string, string> = {
  person_created: '登録',
  person_updated: '基本情報の更新',
  household_created: '世帯の作成',
  household_updated: '世帯の更新',
  household_joined: '世帯への加入',
  household_left: '世帯からの転出',
  pregnancy: '妊娠届',
  pregnancy_notification: '妊娠届',
  screening: 'スクリーニング',
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

export function label<K extends string>(map: Record<K, string>, code: string | null | undefined): string {
  if (!code) return '';
  return (map as Record<string, string>)[code] ?? code;
}
