// The three questionnaires used at visits and check-ups, as printed on paper, and their scoring.
// The server scores them again on save (its result is the record); this is only for display while
// the form is filled in, with the same rules (shared/spec/domain.md "Screenings at visits and
// check-ups").
import type { Instrument } from './types';

export interface QuestionItem {
  text: string;
  /** The options in printed order; an answer is the option's index. */
  options: readonly string[];
  /** true: the item scores the index itself; false: 3 − index (4-option instruments). */
  forward?: boolean;
  /** The short label of the flag a concerning answer raises (育児支援チェックリスト). */
  flag?: string;
}

export interface Questionnaire {
  instrument: Instrument;
  /** For tabs and buttons; the title is the served label (screening_instruments). */
  short: string;
  /** Printed above the items. */
  lead: string;
  items: readonly QuestionItem[];
  /** The largest total. */
  max: number;
  scoreNote: string;
}

const BONDING_OPTIONS = [
  'いつも強くそう感じる',
  'たまに強くそう感じる',
  'たまに少しそう感じる',
  '全然そう感じない',
] as const;
const YES_NO = ['はい', 'いいえ'] as const;

export const EPDS: Questionnaire = {
  instrument: 'epds',
  short: 'EPDS',
  lead: 'ご出産おめでとうございます。ご気分についておたずねします。最近のあなたの気分をチェックしてみましょう。今日だけでなく、過去7日間にあなたが感じたことに最も近い答えを選んでください。',
  max: 30,
  scoreNote: '合計9点以上、または項目10が1点以上のときは、数日以内のフォローが必要です。',
  items: [
    {
      text: '笑うことができたし、物事のおもしろい面もわかった。',
      forward: true,
      options: ['いつもと同様にできた', 'あまりできなかった', '明らかにできなかった', '全くできなかった'],
    },
    {
      text: '物事を楽しみにして待った。',
      forward: true,
      options: ['いつもと同様にできた', 'あまりできなかった', '明らかにできなかった', 'ほとんどできなかった'],
    },
    {
      text: '物事がうまくいかない時、自分を不必要に責めた。',
      options: [
        'はい、たいていそうだった',
        'はい、時々そうだった',
        'いいえ、あまり度々ではない',
        'いいえ、そうではなかった',
      ],
    },
    {
      text: 'はっきりした理由もないのに不安になったり、心配したりした。',
      forward: true,
      options: ['いいえ、そうではなかった', 'ほとんどそうではなかった', 'はい、時々あった', 'はい、しょっちゅうあった'],
    },
    {
      text: 'はっきりした理由もないのに恐怖に襲われた。',
      options: ['はい、しょっちゅうあった', 'はい、時々あった', 'いいえ、めったになかった', 'いいえ、全くなかった'],
    },
    {
      text: 'することがたくさんあって大変だった。',
      options: [
        'はい、たいてい対処できなかった',
        'はい、いつものようにはうまく対処しなかった',
        'いいえ、たいていうまく対処した',
        'いいえ、普段通りに対処した',
      ],
    },
    {
      text: '不幸せな気分なので、眠りにくかった。',
      options: [
        'はい、ほとんどいつもそうだった',
        'はい、時々そうだった',
        'いいえ、あまり度々ではなかった',
        'いいえ、全くなかった',
      ],
    },
    {
      text: '悲しくなったり、惨めになった。',
      options: [
        'はい、たいていそうだった',
        'はい、かなりしばしばそうだった',
        'いいえ、あまり度々ではなかった',
        'いいえ、全くそうではなかった',
      ],
    },
    {
      text: '不幸せな気分だったので、泣いていた。',
      options: [
        'はい、たいていそうだった',
        'はい、かなりしばしばそうだった',
        'ほんの時々あった',
        'いいえ、全くそうではなかった',
      ],
    },
    {
      text: '自分自身を傷つけるという考えが浮かんできた。',
      options: ['はい、かなりしばしばそうだった', '時々そうだった', 'めったになかった', '全くなかった'],
    },
  ],
};

export const BONDING: Questionnaire = {
  instrument: 'bonding',
  short: '赤ちゃんへの気持ち',
  lead: 'あなたの赤ちゃんについてどのように感じていますか？ 下にあるそれぞれについて、いまのあなたの気持ちにいちばん近いと感じられるものを選んでください。',
  max: 30,
  scoreNote: '点数が高いほど、赤ちゃんへの否定的な気持ちが強いことを示します（全国共通の区分点はありません）。',
  items: [
    { text: '赤ちゃんをいとおしいと感じる。', forward: true },
    { text: '赤ちゃんのためにしないといけないことがあるのに、おろおろしてどうしていいかわからない時がある。' },
    { text: '赤ちゃんのことが腹立たしくいやになる。' },
    { text: '赤ちゃんに対して何も特別な気持ちがわかない。' },
    { text: '赤ちゃんに対して怒りがこみあげる。' },
    { text: '赤ちゃんの世話を楽しみながらしている。', forward: true },
    { text: 'こんな子でなかったらなあと思う。' },
    { text: '赤ちゃんを守ってあげたいと感じる。', forward: true },
    { text: 'この子がいなかったらなあと思う。' },
    { text: '赤ちゃんをとても身近に感じる。', forward: true },
  ].map((it) => ({ ...it, options: BONDING_OPTIONS })),
};

export const IKUJI_SUPPORT: Questionnaire = {
  instrument: 'ikuji_support',
  short: '育児支援チェックリスト',
  lead: 'あなたへ適切な援助を行うために、あなたのお気持ちや育児の状況について以下の質問にお答えください。あてはまる答えを選んでください。',
  max: 9,
  scoreNote: '「はい」の数が点数です。「はい」の項目は、それぞれ支援の必要を確かめます。',
  items: [
    {
      text: '今回の妊娠中に、おなかの中の赤ちゃんやあなたの体について、またはお産のときに医師から何か問題があると言われていますか。',
      flag: '妊娠・出産の医学的問題',
    },
    {
      text: 'これまでに流産や死産、出産後1年間にお子さんを亡くされたことがありますか。',
      flag: '流産・死産・乳児の死亡の経験',
    },
    {
      text: '今までに心理的な、あるいは精神的な問題で、カウンセラーや精神科医師、または心療内科医師などに相談したことがありますか。',
      flag: '精神的な問題での相談歴',
    },
    { text: '困ったときに相談できる人がいないと感じますか。', flag: '相談できる人がいない' },
    { text: '生活が苦しかったり、経済的な不安がありますか。', flag: '経済的な不安' },
    { text: '今のお住まいや環境に不満がありますか。', flag: '住まい・環境への不満' },
    {
      text: '今回の妊娠中に、家族や親しい方が亡くなったり、あなたや家族や親しい方が重い病気になったり、事故にあったことがありましたか。',
      flag: '妊娠中の家族の死・重病・事故',
    },
    {
      text: '赤ちゃんが、なぜむずかったり、泣いたりしているのかわからないことがありますか。',
      flag: '赤ちゃんが泣く理由がわからない',
    },
    { text: '赤ちゃんを叩きたくなることがありますか。', flag: '赤ちゃんを叩きたくなる' },
  ].map((it) => ({ ...it, options: YES_NO })),
};

export const QUESTIONNAIRES: Record<Instrument, Questionnaire> = {
  epds: EPDS,
  bonding: BONDING,
  ikuji_support: IKUJI_SUPPORT,
};

export const INSTRUMENTS: readonly Instrument[] = ['epds', 'bonding', 'ikuji_support'];

export function isInstrument(s: string | null | undefined): s is Instrument {
  return s === 'epds' || s === 'bonding' || s === 'ikuji_support';
}

export interface ScoreResult {
  score: number;
  itemScores: number[];
  flags: { code: string; label: string }[];
}

/**
 * Scores complete answers (option indexes in printed order). bondingThreshold: the setting
 * (null = no flag).
 */
export function scoreAnswers(
  q: Questionnaire,
  answers: readonly number[],
  bondingThreshold: number | null = null,
): ScoreResult {
  const flags: { code: string; label: string }[] = [];
  let itemScores: number[];
  if (q.instrument === 'ikuji_support') {
    // はい (index 0) is the concern: it counts one point and raises the item's flag.
    itemScores = answers.map((a) => (a === 0 ? 1 : 0));
    itemScores.forEach((s, i) => {
      if (s) flags.push({ code: `ikuji_${i + 1}`, label: q.items[i]?.flag ?? `項目${i + 1}` });
    });
  } else {
    itemScores = answers.map((a, i) => (q.items[i]?.forward ? a : 3 - a));
  }
  const score = itemScores.reduce((s, x) => s + x, 0);
  if (q.instrument === 'epds') {
    if (score >= 9) flags.push({ code: 'epds_high', label: 'EPDS 9点以上' });
    if ((itemScores[9] ?? 0) >= 1) flags.push({ code: 'epds_self_harm', label: '自傷の考え（項目10）' });
  } else if (q.instrument === 'bonding' && bondingThreshold !== null && score >= bondingThreshold) {
    flags.push({ code: 'bonding_high', label: `赤ちゃんへの気持ち 要確認（${bondingThreshold}点以上）` });
  }
  return { score, itemScores, flags };
}
