/* bench_gen: writes N realistic persons, in households, into a tsunagu SQLite database through
 * the use cases the API calls: svc_persons_create (search keys, duplicate key, event, audit) and
 * svc_households_create (the dated member list, its events and audit rows), with a system
 * context dated when the household is recorded. No write path is copied here. Deterministic for
 * a seed, ids included (bench_seed_randombytes).
 *
 * Speed: the services run inside large transactions (ctx.in_transaction: each in a savepoint),
 * and for the generator's own connection only synchronous=OFF, journal_mode=MEMORY and a large
 * page cache (the database is put back into WAL mode at the end). The households are drawn in a
 * producer thread beside the writer. About 2,800 persons/s (8,300 when it wrote the store
 * directly with a copy of the services' writes): 1,000,000 persons take about 6 minutes.
 *
 * With --pg CONNINFO instead of --db, the same persons go into an empty PostgreSQL database
 * (bench/pg.sh: a small town for trying the PostgreSQL benchmark; a large one is copied from the
 * SQLite file with `tsunagu migrate-to-pg`). The connection then commits without waiting for the
 * disk (synchronous_commit=off, this connection only) and the same ids are drawn: a seed gives
 * the same persons on both stores.
 *
 * With --csv FILE, the same persons are written as a file for `tsunagu import persons`
 * (interchange.md's columns; each person's current household by household_external_id), for the
 * import's benchmark (bench/import_bench.sh).
 *
 * usage: bench_gen --db FILE | --pg CONNINFO | --csv FILE [--persons N] [--seed S] [--batch N]
 *                  [--cache-mib N]
 */
#include "bench_util.h"
#include "domain/csv.h"
#include "domain/kana.h"
#include "service/households.h"
#include "service/persons.h"
#include "store/store.h"
#include "util/pool.h"
#include "util/random.h"

#include <stddef.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct name {
    const char *kanji, *kana;
} name;

/* Common surnames roughly in order of frequency; drawn with a Zipf-like law over the rank.
 * A few variant spellings (髙橋, 齋藤, 渡邊, 山﨑) are included: search folds them. */
static const name surnames[] = {
    {"佐藤", "サトウ"},       {"鈴木", "スズキ"},   {"高橋", "タカハシ"},   {"田中", "タナカ"},
    {"伊藤", "イトウ"},       {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"},   {"中村", "ナカムラ"},
    {"小林", "コバヤシ"},     {"加藤", "カトウ"},   {"吉田", "ヨシダ"},     {"山田", "ヤマダ"},
    {"佐々木", "ササキ"},     {"山口", "ヤマグチ"}, {"松本", "マツモト"},   {"井上", "イノウエ"},
    {"木村", "キムラ"},       {"林", "ハヤシ"},     {"斎藤", "サイトウ"},   {"清水", "シミズ"},
    {"山崎", "ヤマザキ"},     {"森", "モリ"},       {"池田", "イケダ"},     {"橋本", "ハシモト"},
    {"阿部", "アベ"},         {"石川", "イシカワ"}, {"山下", "ヤマシタ"},   {"中島", "ナカジマ"},
    {"石井", "イシイ"},       {"小川", "オガワ"},   {"前田", "マエダ"},     {"岡田", "オカダ"},
    {"長谷川", "ハセガワ"},   {"藤田", "フジタ"},   {"後藤", "ゴトウ"},     {"近藤", "コンドウ"},
    {"村上", "ムラカミ"},     {"遠藤", "エンドウ"}, {"青木", "アオキ"},     {"坂本", "サカモト"},
    {"斉藤", "サイトウ"},     {"福田", "フクダ"},   {"太田", "オオタ"},     {"西村", "ニシムラ"},
    {"藤井", "フジイ"},       {"金子", "カネコ"},   {"岡本", "オカモト"},   {"藤原", "フジワラ"},
    {"中野", "ナカノ"},       {"三浦", "ミウラ"},   {"原田", "ハラダ"},     {"中川", "ナカガワ"},
    {"松田", "マツダ"},       {"竹内", "タケウチ"}, {"小野", "オノ"},       {"田村", "タムラ"},
    {"中山", "ナカヤマ"},     {"和田", "ワダ"},     {"石田", "イシダ"},     {"森田", "モリタ"},
    {"上田", "ウエダ"},       {"原", "ハラ"},       {"内田", "ウチダ"},     {"柴田", "シバタ"},
    {"酒井", "サカイ"},       {"宮崎", "ミヤザキ"}, {"横山", "ヨコヤマ"},   {"高木", "タカギ"},
    {"安藤", "アンドウ"},     {"宮本", "ミヤモト"}, {"大野", "オオノ"},     {"小島", "コジマ"},
    {"谷口", "タニグチ"},     {"今井", "イマイ"},   {"工藤", "クドウ"},     {"高田", "タカダ"},
    {"増田", "マスダ"},       {"丸山", "マルヤマ"}, {"杉山", "スギヤマ"},   {"村田", "ムラタ"},
    {"大塚", "オオツカ"},     {"小山", "コヤマ"},   {"平野", "ヒラノ"},     {"藤本", "フジモト"},
    {"河野", "コウノ"},       {"上野", "ウエノ"},   {"野口", "ノグチ"},     {"武田", "タケダ"},
    {"松井", "マツイ"},       {"千葉", "チバ"},     {"岩崎", "イワサキ"},   {"菅原", "スガワラ"},
    {"木下", "キノシタ"},     {"久保", "クボ"},     {"佐野", "サノ"},       {"野村", "ノムラ"},
    {"松尾", "マツオ"},       {"市川", "イチカワ"}, {"菊地", "キクチ"},     {"杉本", "スギモト"},
    {"古川", "フルカワ"},     {"大西", "オオニシ"}, {"島田", "シマダ"},     {"水野", "ミズノ"},
    {"桜井", "サクライ"},     {"高野", "タカノ"},   {"渡部", "ワタナベ"},   {"吉川", "ヨシカワ"},
    {"山内", "ヤマウチ"},     {"西田", "ニシダ"},   {"飯田", "イイダ"},     {"菊池", "キクチ"},
    {"西川", "ニシカワ"},     {"小松", "コマツ"},   {"北村", "キタムラ"},   {"安田", "ヤスダ"},
    {"五十嵐", "イガラシ"},   {"川口", "カワグチ"}, {"平田", "ヒラタ"},     {"関", "セキ"},
    {"中田", "ナカタ"},       {"久保田", "クボタ"}, {"服部", "ハットリ"},   {"東", "ヒガシ"},
    {"岩田", "イワタ"},       {"土屋", "ツチヤ"},   {"川崎", "カワサキ"},   {"福島", "フクシマ"},
    {"本田", "ホンダ"},       {"辻", "ツジ"},       {"樋口", "ヒグチ"},     {"秋山", "アキヤマ"},
    {"田口", "タグチ"},       {"永井", "ナガイ"},   {"山中", "ヤマナカ"},   {"中西", "ナカニシ"},
    {"吉村", "ヨシムラ"},     {"川上", "カワカミ"}, {"石原", "イシハラ"},   {"大橋", "オオハシ"},
    {"松岡", "マツオカ"},     {"馬場", "ババ"},     {"浅野", "アサノ"},     {"荒木", "アラキ"},
    {"大久保", "オオクボ"},   {"野田", "ノダ"},     {"小池", "コイケ"},     {"松下", "マツシタ"},
    {"熊谷", "クマガイ"},     {"佐久間", "サクマ"}, {"大木", "オオキ"},     {"内藤", "ナイトウ"},
    {"望月", "モチヅキ"},     {"堀", "ホリ"},       {"河合", "カワイ"},     {"平井", "ヒライ"},
    {"小西", "コニシ"},       {"岡", "オカ"},       {"高山", "タカヤマ"},   {"田代", "タシロ"},
    {"新井", "アライ"},       {"南", "ミナミ"},     {"川村", "カワムラ"},   {"足立", "アダチ"},
    {"早川", "ハヤカワ"},     {"小田", "オダ"},     {"関口", "セキグチ"},   {"松村", "マツムラ"},
    {"松浦", "マツウラ"},     {"宮田", "ミヤタ"},   {"大島", "オオシマ"},   {"桑原", "クワハラ"},
    {"岩本", "イワモト"},     {"片山", "カタヤマ"}, {"本間", "ホンマ"},     {"髙橋", "タカハシ"},
    {"矢野", "ヤノ"},         {"西山", "ニシヤマ"}, {"横田", "ヨコタ"},     {"吉野", "ヨシノ"},
    {"浜田", "ハマダ"},       {"星野", "ホシノ"},   {"小沢", "オザワ"},     {"小野寺", "オノデラ"},
    {"黒田", "クロダ"},       {"中尾", "ナカオ"},   {"堤", "ツツミ"},       {"古田", "フルタ"},
    {"宮下", "ミヤシタ"},     {"須藤", "スドウ"},   {"成田", "ナリタ"},     {"田島", "タジマ"},
    {"荒井", "アライ"},       {"飯塚", "イイヅカ"}, {"松永", "マツナガ"},   {"大川", "オオカワ"},
    {"村井", "ムライ"},       {"齋藤", "サイトウ"}, {"永田", "ナガタ"},     {"富田", "トミタ"},
    {"山根", "ヤマネ"},       {"吉岡", "ヨシオカ"}, {"今村", "イマムラ"},   {"篠原", "シノハラ"},
    {"三宅", "ミヤケ"},       {"北川", "キタガワ"}, {"岡崎", "オカザキ"},   {"栗原", "クリハラ"},
    {"小笠原", "オガサワラ"}, {"宮内", "ミヤウチ"}, {"杉浦", "スギウラ"},   {"上原", "ウエハラ"},
    {"奥村", "オクムラ"},     {"大谷", "オオタニ"}, {"松原", "マツバラ"},   {"川田", "カワダ"},
    {"坂口", "サカグチ"},     {"坂田", "サカタ"},   {"荒川", "アラカワ"},   {"岩井", "イワイ"},
    {"中井", "ナカイ"},       {"福井", "フクイ"},   {"渡邊", "ワタナベ"},   {"西岡", "ニシオカ"},
    {"西本", "ニシモト"},     {"森本", "モリモト"}, {"中谷", "ナカタニ"},   {"堀内", "ホリウチ"},
    {"中原", "ナカハラ"},     {"竹田", "タケダ"},   {"野崎", "ノザキ"},     {"大森", "オオモリ"},
    {"梅田", "ウメダ"},       {"内山", "ウチヤマ"}, {"金井", "カナイ"},     {"吉原", "ヨシハラ"},
    {"田辺", "タナベ"},       {"武藤", "ムトウ"},   {"菅野", "カンノ"},     {"宇野", "ウノ"},
    {"三上", "ミカミ"},       {"山﨑", "ヤマザキ"}, {"前川", "マエカワ"},   {"小倉", "オグラ"},
    {"石橋", "イシバシ"},     {"飯島", "イイジマ"}, {"本多", "ホンダ"},     {"平山", "ヒラヤマ"},
    {"松崎", "マツザキ"},     {"岡村", "オカムラ"}, {"三好", "ミヨシ"},     {"白石", "シライシ"},
    {"小泉", "コイズミ"},     {"亀井", "カメイ"},   {"山岸", "ヤマギシ"},   {"矢島", "ヤジマ"},
    {"青山", "アオヤマ"},     {"堀田", "ホッタ"},   {"西尾", "ニシオ"},     {"筒井", "ツツイ"},
    {"奥田", "オクダ"},       {"戸田", "トダ"},     {"米田", "ヨネダ"},     {"片岡", "カタオカ"},
    {"広瀬", "ヒロセ"},       {"沢田", "サワダ"},   {"細川", "ホソカワ"},   {"石塚", "イシヅカ"},
    {"大石", "オオイシ"},     {"藤川", "フジカワ"}, {"水谷", "ミズタニ"},   {"津田", "ツダ"},
    {"土井", "ドイ"},         {"浅井", "アサイ"},   {"岸", "キシ"},         {"秋元", "アキモト"},
    {"森下", "モリシタ"},     {"川島", "カワシマ"}, {"長尾", "ナガオ"},     {"大山", "オオヤマ"},
    {"梶原", "カジワラ"},     {"赤松", "アカマツ"}, {"福本", "フクモト"},   {"西", "ニシ"},
    {"岡部", "オカベ"},       {"宮原", "ミヤハラ"}, {"牧野", "マキノ"},     {"吉本", "ヨシモト"},
    {"新田", "ニッタ"},       {"稲垣", "イナガキ"}, {"森山", "モリヤマ"},   {"八木", "ヤギ"},
    {"上村", "ウエムラ"},     {"黒川", "クロカワ"}, {"松山", "マツヤマ"},   {"村山", "ムラヤマ"},
    {"二宮", "ニノミヤ"},     {"日高", "ヒダカ"},   {"榎本", "エノモト"},   {"神田", "カンダ"},
    {"宮川", "ミヤガワ"},     {"塚本", "ツカモト"}, {"畠山", "ハタケヤマ"}, {"緒方", "オガタ"},
    {"江口", "エグチ"},       {"尾崎", "オザキ"},   {"芳賀", "ハガ"},       {"鎌田", "カマタ"},
    {"寺田", "テラダ"},       {"及川", "オイカワ"}, {"若林", "ワカバヤシ"}, {"滝沢", "タキザワ"},
};
enum { SURNAME_COUNT = sizeof surnames / sizeof surnames[0] };

/* The long tail: two-part surnames (上 + 野 = 上野 ウエノ), some 20% of households. */
static const name tail_first[] = {
    {"上", "ウエ"},   {"下", "シモ"},   {"大", "オオ"},   {"小", "コ"},   {"中", "ナカ"},
    {"石", "イシ"},   {"岩", "イワ"},   {"竹", "タケ"},   {"松", "マツ"}, {"杉", "スギ"},
    {"森", "モリ"},   {"北", "キタ"},   {"南", "ミナミ"}, {"西", "ニシ"}, {"東", "ヒガシ"},
    {"金", "カネ"},   {"古", "フル"},   {"新", "ニイ"},   {"長", "ナガ"}, {"高", "タカ"},
    {"白", "シラ"},   {"黒", "クロ"},   {"青", "アオ"},   {"赤", "アカ"}, {"宮", "ミヤ"},
    {"浅", "アサ"},   {"深", "フカ"},   {"福", "フク"},   {"藤", "フジ"}, {"川", "カワ"},
    {"柳", "ヤナギ"}, {"梅", "ウメ"},   {"桑", "クワ"},   {"栗", "クリ"}, {"菅", "スガ"},
    {"若", "ワカ"},   {"寺", "テラ"},   {"坂", "サカ"},   {"島", "シマ"}, {"池", "イケ"},
    {"堀", "ホリ"},   {"滝", "タキ"},   {"星", "ホシ"},   {"角", "カド"}, {"吉", "ヨシ"},
    {"秋", "アキ"},   {"春", "ハル"},   {"夏", "ナツ"},   {"今", "イマ"}, {"谷", "タニ"},
    {"鶴", "ツル"},   {"亀", "カメ"},   {"熊", "クマ"},   {"猪", "イノ"}, {"奥", "オク"},
    {"沖", "オキ"},   {"浜", "ハマ"},   {"舟", "フナ"},   {"市", "イチ"}, {"千", "チ"},
    {"百", "モモ"},   {"桜", "サクラ"}, {"柏", "カシワ"}, {"萩", "ハギ"},
};
static const name tail_second[] = {
    {"田", "タ"},   {"田", "ダ"},   {"野", "ノ"},   {"川", "カワ"},   {"川", "ガワ"},
    {"山", "ヤマ"}, {"本", "モト"}, {"井", "イ"},   {"沢", "サワ"},   {"沢", "ザワ"},
    {"島", "シマ"}, {"島", "ジマ"}, {"原", "ハラ"}, {"原", "バラ"},   {"村", "ムラ"},
    {"木", "キ"},   {"口", "グチ"}, {"崎", "サキ"}, {"崎", "ザキ"},   {"部", "ベ"},
    {"内", "ウチ"}, {"谷", "タニ"}, {"谷", "ヤ"},   {"岡", "オカ"},   {"尾", "オ"},
    {"坂", "サカ"}, {"瀬", "セ"},   {"橋", "ハシ"}, {"林", "バヤシ"}, {"森", "モリ"},
    {"場", "バ"},   {"浦", "ウラ"}, {"江", "エ"},   {"丸", "マル"},   {"城", "シロ"},
    {"倉", "クラ"}, {"塚", "ツカ"}, {"垣", "ガキ"}, {"畑", "ハタ"},   {"永", "ナガ"},
};

typedef struct given_name {
    int era;  /* 0: born before 1975, 1: 1975-1999, 2: 2000 on */
    char sex; /* 'f' or 'm' */
    const char *kanji, *kana;
} given_name;

static const given_name givens[] = {
    {0, 'f', "和子", "カズコ"},   {0, 'f', "幸子", "サチコ"},   {0, 'f', "節子", "セツコ"},
    {0, 'f', "洋子", "ヨウコ"},   {0, 'f', "恵子", "ケイコ"},   {0, 'f', "京子", "キョウコ"},
    {0, 'f', "美智子", "ミチコ"}, {0, 'f', "久美子", "クミコ"}, {0, 'f', "裕子", "ユウコ"},
    {0, 'f', "由美子", "ユミコ"}, {0, 'f', "順子", "ジュンコ"}, {0, 'f', "直美", "ナオミ"},
    {0, 'f', "真由美", "マユミ"}, {0, 'f', "明美", "アケミ"},   {0, 'f', "悦子", "エツコ"},
    {0, 'f', "典子", "ノリコ"},   {0, 'f', "智子", "トモコ"},   {0, 'f', "陽子", "ヨウコ"},
    {0, 'f', "純子", "ジュンコ"}, {0, 'f', "恵美子", "エミコ"}, {0, 'f', "君子", "キミコ"},
    {0, 'f', "文子", "フミコ"},   {0, 'f', "敏子", "トシコ"},   {0, 'f', "弘子", "ヒロコ"},
    {0, 'f', "清子", "キヨコ"},   {0, 'f', "照子", "テルコ"},   {0, 'f', "良子", "ヨシコ"},
    {0, 'f', "正子", "マサコ"},   {0, 'f', "美代子", "ミヨコ"}, {0, 'f', "千代子", "チヨコ"},
    {0, 'f', "花子", "ハナコ"},   {0, 'f', "房子", "フサコ"},   {0, 'm', "清", "キヨシ"},
    {0, 'm', "茂", "シゲル"},     {0, 'm', "博", "ヒロシ"},     {0, 'm', "実", "ミノル"},
    {0, 'm', "進", "ススム"},     {0, 'm', "勇", "イサム"},     {0, 'm', "弘", "ヒロシ"},
    {0, 'm', "正", "タダシ"},     {0, 'm', "勝", "マサル"},     {0, 'm', "隆", "タカシ"},
    {0, 'm', "誠", "マコト"},     {0, 'm', "明", "アキラ"},     {0, 'm', "健一", "ケンイチ"},
    {0, 'm', "和夫", "カズオ"},   {0, 'm', "正雄", "マサオ"},   {0, 'm', "幸男", "ユキオ"},
    {0, 'm', "秀夫", "ヒデオ"},   {0, 'm', "昭", "アキラ"},     {0, 'm', "修", "オサム"},
    {0, 'm', "浩", "ヒロシ"},     {0, 'm', "武", "タケシ"},     {0, 'm', "豊", "ユタカ"},
    {0, 'm', "稔", "ミノル"},     {0, 'm', "一郎", "イチロウ"}, {0, 'm', "孝", "タカシ"},
    {0, 'm', "義男", "ヨシオ"},   {0, 'm', "俊夫", "トシオ"},   {0, 'm', "哲也", "テツヤ"},
    {0, 'm', "健二", "ケンジ"},   {0, 'm', "太郎", "タロウ"},   {1, 'f', "愛", "アイ"},
    {1, 'f', "恵", "メグミ"},     {1, 'f', "舞", "マイ"},       {1, 'f', "彩", "アヤ"},
    {1, 'f', "麻衣", "マイ"},     {1, 'f', "沙織", "サオリ"},   {1, 'f', "香織", "カオリ"},
    {1, 'f', "美穂", "ミホ"},     {1, 'f', "裕美", "ヒロミ"},   {1, 'f', "由美", "ユミ"},
    {1, 'f', "真理子", "マリコ"}, {1, 'f', "亜希子", "アキコ"}, {1, 'f', "智美", "トモミ"},
    {1, 'f', "千尋", "チヒロ"},   {1, 'f', "麻美", "アサミ"},   {1, 'f', "彩香", "アヤカ"},
    {1, 'f', "美咲", "ミサキ"},   {1, 'f', "愛美", "マナミ"},   {1, 'f', "早紀", "サキ"},
    {1, 'f', "瞳", "ヒトミ"},     {1, 'f', "明日香", "アスカ"}, {1, 'f', "奈々", "ナナ"},
    {1, 'f', "絵美", "エミ"},     {1, 'f', "綾", "アヤ"},       {1, 'f', "萌", "モエ"},
    {1, 'f', "遥", "ハルカ"},     {1, 'f', "優子", "ユウコ"},   {1, 'f', "理恵", "リエ"},
    {1, 'f', "友美", "トモミ"},   {1, 'f', "直子", "ナオコ"},   {1, 'f', "かおり", "カオリ"},
    {1, 'f', "沙也加", "サヤカ"}, {1, 'm', "大輔", "ダイスケ"}, {1, 'm', "拓也", "タクヤ"},
    {1, 'm', "健太", "ケンタ"},   {1, 'm', "翔太", "ショウタ"}, {1, 'm', "達也", "タツヤ"},
    {1, 'm', "和也", "カズヤ"},   {1, 'm', "直樹", "ナオキ"},   {1, 'm', "亮", "リョウ"},
    {1, 'm', "剛", "ツヨシ"},     {1, 'm', "学", "マナブ"},     {1, 'm', "智也", "トモヤ"},
    {1, 'm', "大介", "ダイスケ"}, {1, 'm', "雄一", "ユウイチ"}, {1, 'm', "慎也", "シンヤ"},
    {1, 'm', "健", "ケン"},       {1, 'm', "翔", "ショウ"},     {1, 'm', "大樹", "ダイキ"},
    {1, 'm', "拓海", "タクミ"},   {1, 'm', "涼", "リョウ"},     {1, 'm', "翼", "ツバサ"},
    {1, 'm', "陽介", "ヨウスケ"}, {1, 'm', "竜也", "タツヤ"},   {1, 'm', "裕介", "ユウスケ"},
    {1, 'm', "浩二", "コウジ"},   {1, 'm', "誠", "マコト"},     {1, 'm', "貴之", "タカユキ"},
    {1, 'm', "洋平", "ヨウヘイ"}, {1, 'm', "悠", "ユウ"},       {1, 'm', "康平", "コウヘイ"},
    {1, 'm', "圭", "ケイ"},       {1, 'm', "雅人", "マサト"},   {1, 'm', "祐樹", "ユウキ"},
    {2, 'f', "陽菜", "ヒナ"},     {2, 'f', "結衣", "ユイ"},     {2, 'f', "葵", "アオイ"},
    {2, 'f', "凛", "リン"},       {2, 'f', "結菜", "ユイナ"},   {2, 'f', "芽依", "メイ"},
    {2, 'f', "紬", "ツムギ"},     {2, 'f', "陽葵", "ヒマリ"},   {2, 'f', "莉子", "リコ"},
    {2, 'f', "美桜", "ミオ"},     {2, 'f', "咲良", "サクラ"},   {2, 'f', "さくら", "サクラ"},
    {2, 'f', "結愛", "ユア"},     {2, 'f', "心春", "コハル"},   {2, 'f', "澪", "ミオ"},
    {2, 'f', "杏", "アン"},       {2, 'f', "花", "ハナ"},       {2, 'f', "彩花", "アヤカ"},
    {2, 'f', "美羽", "ミウ"},     {2, 'f', "愛莉", "アイリ"},   {2, 'f', "琴音", "コトネ"},
    {2, 'f', "優奈", "ユウナ"},   {2, 'f', "七海", "ナナミ"},   {2, 'f', "心愛", "ココア"},
    {2, 'f', "楓", "カエデ"},     {2, 'f', "紗良", "サラ"},     {2, 'f', "菜々子", "ナナコ"},
    {2, 'f', "日葵", "ヒマリ"},   {2, 'f', "詩", "ウタ"},       {2, 'f', "翠", "スイ"},
    {2, 'f', "ひなた", "ヒナタ"}, {2, 'f', "結月", "ユヅキ"},   {2, 'm', "蓮", "レン"},
    {2, 'm', "陽翔", "ハルト"},   {2, 'm', "湊", "ミナト"},     {2, 'm', "蒼", "アオイ"},
    {2, 'm', "樹", "イツキ"},     {2, 'm', "大和", "ヤマト"},   {2, 'm', "悠真", "ユウマ"},
    {2, 'm', "陽太", "ヒナタ"},   {2, 'm', "朝陽", "アサヒ"},   {2, 'm', "碧", "アオイ"},
    {2, 'm', "律", "リツ"},       {2, 'm', "新", "アラタ"},     {2, 'm', "颯太", "ソウタ"},
    {2, 'm', "悠人", "ユウト"},   {2, 'm', "大翔", "ヒロト"},   {2, 'm', "結翔", "ユイト"},
    {2, 'm', "奏太", "カナタ"},   {2, 'm', "瑛太", "エイタ"},   {2, 'm', "蒼空", "ソラ"},
    {2, 'm', "陸", "リク"},       {2, 'm', "海斗", "カイト"},   {2, 'm', "陽", "ハル"},
    {2, 'm', "晴", "ハル"},       {2, 'm', "颯", "ハヤテ"},     {2, 'm', "悠斗", "ユウト"},
    {2, 'm', "航", "ワタル"},     {2, 'm', "伊織", "イオリ"},   {2, 'm', "岳", "ガク"},
    {2, 'm', "湊斗", "ミナト"},   {2, 'm', "壮真", "ソウマ"},   {2, 'm', "陽向", "ヒナタ"},
    {2, 'm', "柊", "シュウ"},
};
enum { GIVEN_COUNT = sizeof givens / sizeof givens[0], GIVEN_BUCKET_MAX = 64 };

static const char *const towns[] = {
    "本町",   "東町",   "西町",     "南町", "北町",   "中央",   "栄町",     "緑町",
    "旭町",   "若葉台", "桜台",     "宮前", "新町",   "幸町",   "泉町",     "松が丘",
    "富士見", "青葉",   "日の出町", "末広", "平和台", "港町",   "川端",     "大和町",
    "朝日町", "春日",   "住吉",     "八幡", "元町",   "霞ヶ丘", "さくら野", "みどり台",
};
static const char *const buildings[] = {
    "コーポ", "ハイツ", "メゾン", "グランドハイツ", "レジデンス", "パークハウス", "荘", "団地",
};
static const char *const building_names[] = {
    "みなと", "さくら", "ひかり", "若葉", "青空", "富士見", "緑風", "ことぶき",
};

/* Generation stops at this date, so no birth date is ever in the future (it is in the past of
 * every run) and the output does not depend on the day it is made. */
enum { END_YEAR = 2026, END_MONTH = 3, END_DAY = 31 };

/* ---- dates ---- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, char out[11])
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp + (mp < 10 ? 3 : -9);
    snprintf(out, 11, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}

/* Midnight in Japan (UTC+9) of a day number, as Unix seconds. */
static int64_t jst_midnight(int64_t days)
{
    return days * 86400 - 9 * 3600;
}

/* ---- what is generated ---- */

enum { MAX_MEMBERS = 7, NAME_CAP = 64, KANA_CAP = 128, ADDRESS_CAP = 192 };

typedef struct gen_person {
    char id[RANDOM_ID_LEN + 1];
    char family[NAME_CAP], given[NAME_CAP];
    char family_kana[KANA_CAP], given_kana[KANA_CAP];
    bool has_given, has_birth, has_phone, has_resident;
    char birth[11];
    int birth_year;
    int64_t birth_day;
    const char *sex;
    char phone[16];
    char resident[16];
    int64_t created_at;
} gen_person;

typedef struct gen_member {
    int person; /* index into the household's persons, or -1 for a former member */
    char former_id[RANDOM_ID_LEN + 1];
    const char *relation;
    bool has_from, has_to;
    char from[11], to[11];
} gen_member;

typedef struct gen_household {
    char id[RANDOM_ID_LEN + 1];
    char name[NAME_CAP * 2 + 8];
    char address[ADDRESS_CAP];
    int64_t created_at;
    int person_count;
    gen_person persons[MAX_MEMBERS];
    int member_count;
    gen_member members[MAX_MEMBERS];
} gen_household;

typedef struct surname_pick {
    char kanji[NAME_CAP], kana[KANA_CAP];
} surname_pick;

typedef struct generator {
    bench_rng rng;
    int64_t target;    /* persons to make */
    int64_t made;      /* persons generated so far */
    int64_t serial;    /* resident number sequence */
    int64_t first_day; /* created_at runs from here ... */
    int64_t last_day;  /* ... to here */
    int64_t end_day;   /* no date after this */
    double surname_cdf[SURNAME_COUNT];
    int bucket_n[3][2];
    const given_name *bucket[3][2][GIVEN_BUCKET_MAX];
    double bucket_cdf[3][2][GIVEN_BUCKET_MAX];
    char former_id[RANDOM_ID_LEN + 1]; /* an adult of the previous household */
    bool have_former;
} generator;

/* Zipf-like: weight 1 / (rank + shift)^s. */
static void zipf_cdf(double *cdf, int n, double shift, double s)
{
    double sum = 0;
    for (int i = 0; i < n; i++) {
        sum += 1.0 / pow(i + 1 + shift, s);
        cdf[i] = sum;
    }
    for (int i = 0; i < n; i++)
        cdf[i] /= sum;
}

static int pick_cdf(bench_rng *r, const double *cdf, int n)
{
    double u = bench_uniform(r);
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void generator_init(generator *g, uint64_t seed, int64_t target)
{
    memset(g, 0, sizeof *g);
    bench_rng_seed(&g->rng, seed);
    g->target = target;
    g->first_day = days_from_civil(2019, 4, 1);
    g->end_day = days_from_civil(END_YEAR, END_MONTH, END_DAY);
    g->last_day = g->end_day;
    zipf_cdf(g->surname_cdf, SURNAME_COUNT, 10.0, 1.0);
    for (int i = 0; i < GIVEN_COUNT; i++) {
        const given_name *gn = &givens[i];
        int s = gn->sex == 'm';
        int n = g->bucket_n[gn->era][s]++;
        if (n >= GIVEN_BUCKET_MAX) {
            fputs("bench_gen: too many given names in one bucket\n", stderr);
            exit(1);
        }
        g->bucket[gn->era][s][n] = gn;
    }
    for (int e = 0; e < 3; e++)
        for (int s = 0; s < 2; s++)
            zipf_cdf(g->bucket_cdf[e][s], g->bucket_n[e][s], 1.0, 0.5);
}

static void make_id(generator *g, char out[RANDOM_ID_LEN + 1])
{
    unsigned char raw[16];
    uint64_t a = bench_next(&g->rng), b = bench_next(&g->rng);
    memcpy(raw, &a, 8);
    memcpy(raw + 8, &b, 8);
    sodium_bin2base64(out, RANDOM_ID_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void pick_surname(generator *g, surname_pick *out)
{
    if (bench_chance(&g->rng, 0.2)) {
        const name *a = &tail_first[bench_range(
            &g->rng, 0, (int)(sizeof tail_first / sizeof tail_first[0]) - 1)];
        const name *b = &tail_second[bench_range(
            &g->rng, 0, (int)(sizeof tail_second / sizeof tail_second[0]) - 1)];
        snprintf(out->kanji, sizeof out->kanji, "%s%s", a->kanji, b->kanji);
        snprintf(out->kana, sizeof out->kana, "%s%s", a->kana, b->kana);
        return;
    }
    const name *n = &surnames[pick_cdf(&g->rng, g->surname_cdf, SURNAME_COUNT)];
    snprintf(out->kanji, sizeof out->kanji, "%s", n->kanji);
    snprintf(out->kana, sizeof out->kana, "%s", n->kana);
}

/* A person born in [year_lo, year_hi]; sex 'f', 'm' or 0 for either. */
static gen_person *new_person(generator *g, gen_household *h, const surname_pick *sn, int year_lo,
                              int year_hi, char sex)
{
    gen_person *p = &h->persons[h->person_count++];
    memset(p, 0, sizeof *p);
    make_id(g, p->id);
    if (!sex)
        sex = bench_chance(&g->rng, 0.5) ? 'f' : 'm';
    p->sex = sex == 'f' ? "female" : "male";
    snprintf(p->family, sizeof p->family, "%s", sn->kanji);
    snprintf(p->family_kana, sizeof p->family_kana, "%s", sn->kana);
    if (year_lo < 1950) /* birth dates run from 1950 */
        year_lo = 1950;
    if (year_hi < year_lo)
        year_hi = year_lo;
    int64_t lo = days_from_civil(year_lo, 1, 1), hi = days_from_civil(year_hi, 12, 31);
    if (hi > g->end_day)
        hi = g->end_day;
    if (lo > hi)
        lo = hi;
    p->birth_day = lo + (int64_t)(bench_uniform(&g->rng) * (double)(hi - lo + 1));
    if (p->birth_day > hi)
        p->birth_day = hi;
    civil_from_days(p->birth_day, p->birth);
    p->birth_year = atoi(p->birth);
    p->has_birth = !bench_chance(&g->rng, 0.01); /* unknown for some */
    int era = p->birth_year < 1975 ? 0 : p->birth_year < 2000 ? 1 : 2;
    int s = sex == 'm';
    const given_name *gn =
        g->bucket[era][s][pick_cdf(&g->rng, g->bucket_cdf[era][s], g->bucket_n[era][s])];
    p->has_given = true;
    snprintf(p->given, sizeof p->given, "%s", gn->kanji);
    snprintf(p->given_kana, sizeof p->given_kana, "%s", gn->kana);
    int age = END_YEAR - p->birth_year;
    if (age >= 16 && bench_chance(&g->rng, 0.85)) {
        static const char *const mobile[] = {"090", "080", "070"};
        p->has_phone = true;
        snprintf(p->phone, sizeof p->phone, "%s-%04d-%04d", mobile[bench_range(&g->rng, 0, 2)],
                 bench_range(&g->rng, 0, 9999), bench_range(&g->rng, 0, 9999));
    }
    if (!bench_chance(&g->rng, 0.03)) {
        /* A bijection of the sequence number onto 12 digits: unique, not sequential. */
        uint64_t v = ((uint64_t)(++g->serial) * 7919ULL + 104729ULL) % 1000000000000ULL;
        p->has_resident = true;
        snprintf(p->resident, sizeof p->resident, "%012" PRIu64, v);
    }
    return p;
}

/* An expected child: registered before birth, no given name, no birth date, sex unknown. */
static gen_person *new_unborn(generator *g, gen_household *h, const surname_pick *sn)
{
    gen_person *p = new_person(g, h, sn, END_YEAR, END_YEAR, 0);
    p->has_given = p->has_birth = p->has_phone = false;
    p->given[0] = p->given_kana[0] = '\0';
    p->sex = "unknown";
    return p;
}

static void add_member(gen_household *h, int person, const char *relation, int64_t from_day)
{
    gen_member *m = &h->members[h->member_count++];
    memset(m, 0, sizeof *m);
    m->person = person;
    m->relation = relation;
    if (from_day > 0) {
        m->has_from = true;
        civil_from_days(from_day, m->from);
    }
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* Children of a mother born in mother_year: born when she was 20..43, not after the end date. */
static void add_children(generator *g, gen_household *h, const surname_pick *sn, int mother_year,
                         int count, int64_t since)
{
    for (int i = 0; i < count && h->person_count < MAX_MEMBERS - 1; i++) {
        int lo = mother_year + 20, hi = mother_year + 43;
        if (hi > END_YEAR)
            hi = END_YEAR;
        if (lo > hi)
            break;
        gen_person *c = new_person(g, h, sn, lo, hi, 0);
        add_member(h, h->person_count - 1, "child", max64(c->birth_day, since));
    }
}

/* One household: kind, members, relations, address. Persons are numbered into the household. */
static void make_household(generator *g, gen_household *h, int max_persons)
{
    memset(h, 0, offsetof(gen_household, persons));
    h->person_count = h->member_count = 0;
    make_id(g, h->id);
    surname_pick sn;
    pick_surname(g, &sn);
    double u = bench_uniform(&g->rng);
    int64_t formed = g->first_day - bench_range(&g->rng, 0, 365 * 20);
    if (u < 0.12) { /* one adult */
        new_person(g, h, &sn, 1950, 2007, 0);
        add_member(h, 0, "other", 0);
    } else if (u < 0.22) { /* a couple */
        gen_person *a = new_person(g, h, &sn, 1952, 2003, 'f');
        new_person(g, h, &sn, a->birth_year - 4, a->birth_year + 6, 'm');
        add_member(h, 0, "partner", formed);
        add_member(h, 1, "partner", formed);
    } else if (u < 0.70) { /* two parents and children; sometimes one on the way */
        gen_person *mother = new_person(g, h, &sn, 1968, 2004, 'f');
        new_person(g, h, &sn, mother->birth_year - 5, mother->birth_year + 8, 'm');
        add_member(h, 0, "mother", formed);
        add_member(h, 1, "father", formed);
        double k = bench_uniform(&g->rng);
        int kids = k < 0.35 ? 1 : k < 0.75 ? 2 : k < 0.95 ? 3 : 4;
        add_children(g, h, &sn, mother->birth_year, kids, formed);
        if (mother->birth_year >= 1983 && bench_chance(&g->rng, 0.06) &&
            h->person_count < MAX_MEMBERS - 1) {
            new_unborn(g, h, &sn);
            add_member(h, h->person_count - 1, "child", 0);
        }
    } else if (u < 0.84) { /* one parent and children */
        bool mother = bench_chance(&g->rng, 0.85);
        gen_person *parent = new_person(g, h, &sn, 1970, 2005, mother ? 'f' : 'm');
        add_member(h, 0, mother ? "mother" : "father", formed);
        int kids = bench_range(&g->rng, 1, 3);
        add_children(g, h, &sn, parent->birth_year + (mother ? 0 : 2), kids, formed);
    } else if (u < 0.96) { /* three generations */
        gen_person *gm = new_person(g, h, &sn, 1950, 1965, 'f');
        add_member(h, 0, "grandparent", formed);
        if (bench_chance(&g->rng, 0.6)) {
            new_person(g, h, &sn, 1950, 1966, 'm');
            add_member(h, 1, "grandparent", formed);
        }
        int base = gm->birth_year + 22;
        gen_person *mother = new_person(g, h, &sn, base, base + 14, 'f');
        add_member(h, h->person_count - 1, "mother", formed);
        new_person(g, h, &sn, mother->birth_year - 4, mother->birth_year + 6, 'm');
        add_member(h, h->person_count - 1, "father", formed);
        add_children(g, h, &sn, mother->birth_year, bench_range(&g->rng, 1, 2), formed);
    } else { /* siblings */
        gen_person *a = new_person(g, h, &sn, 1960, 2006, 0);
        add_member(h, 0, "sibling", formed);
        new_person(g, h, &sn, a->birth_year - 6, a->birth_year + 6, 0);
        add_member(h, 1, "sibling", formed);
    }
    while (h->person_count > max_persons) { /* the last household fills the count exactly */
        h->person_count--;
        for (int i = 0; i < h->member_count; i++)
            if (h->members[i].person == h->person_count)
                h->members[i--] = h->members[--h->member_count];
    }
    /* Sometimes a member of the previous household lived here before (moved out since). */
    if (g->have_former && h->member_count < MAX_MEMBERS && bench_chance(&g->rng, 0.05)) {
        gen_member *m = &h->members[h->member_count++];
        memset(m, 0, sizeof *m);
        m->person = -1;
        memcpy(m->former_id, g->former_id, sizeof m->former_id);
        m->relation = bench_chance(&g->rng, 0.5) ? "other" : "sibling";
        int64_t from = formed - bench_range(&g->rng, 0, 365 * 5);
        m->has_from = m->has_to = true;
        civil_from_days(from, m->from);
        civil_from_days(from + bench_range(&g->rng, 180, 365 * 4), m->to);
    }
    for (int i = 0; i < h->person_count; i++)
        if (END_YEAR - h->persons[i].birth_year >= 18) {
            memcpy(g->former_id, h->persons[i].id, sizeof g->former_id);
            g->have_former = true;
        }
    /* Address, shared; a landline for some households. */
    int town = bench_range(&g->rng, 0, (int)(sizeof towns / sizeof towns[0]) - 1);
    int n = snprintf(h->address, sizeof h->address, "みなと市%s%d丁目%d-%d", towns[town],
                     bench_range(&g->rng, 1, 5), bench_range(&g->rng, 1, 30),
                     bench_range(&g->rng, 1, 20));
    if (bench_chance(&g->rng, 0.45) && n > 0 && (size_t)n < sizeof h->address)
        snprintf(h->address + n, sizeof h->address - (size_t)n, " %s%s %d%02d号室",
                 building_names[bench_range(&g->rng, 0, 7)], buildings[bench_range(&g->rng, 0, 7)],
                 bench_range(&g->rng, 1, 9), bench_range(&g->rng, 1, 12));
    if (bench_chance(&g->rng, 0.2)) {
        char landline[16];
        snprintf(landline, sizeof landline, "045-%03d-%04d", bench_range(&g->rng, 200, 999),
                 bench_range(&g->rng, 0, 9999));
        for (int i = 0; i < h->person_count; i++)
            if (!h->persons[i].has_phone && END_YEAR - h->persons[i].birth_year >= 18) {
                h->persons[i].has_phone = true;
                memcpy(h->persons[i].phone, landline, sizeof landline);
            }
    }
    const gen_person *head = &h->persons[0];
    snprintf(h->name, sizeof h->name, "%s %s", head->family, head->has_given ? head->given : "");
    /* Created in order over the years, persons at the same time as their household. */
    int64_t day = g->first_day + (g->last_day - g->first_day) * g->made / g->target;
    h->created_at = jst_midnight(day) + 9 * 3600 + (g->made % (8 * 3600));
    for (int i = 0; i < h->person_count; i++)
        h->persons[i].created_at = h->created_at;
    g->made += h->person_count;
}

/* The stored kana must be what the API would store (kana_normalize of the input). */
static void check_tables(void)
{
    for (int i = 0; i < SURNAME_COUNT + GIVEN_COUNT; i++) {
        const char *k = i < SURNAME_COUNT ? surnames[i].kana : givens[i - SURNAME_COUNT].kana;
        char *norm = kana_normalize(k, strlen(k));
        if (!norm || strcmp(norm, k) != 0 || !kana_is_katakana(norm)) {
            fprintf(stderr, "bench_gen: the reading %s is not in storage form\n", k);
            exit(1);
        }
        free(norm);
    }
}

/* ---- producer: households, through a ring to the writer ---- */

enum { RING = 512 };

typedef struct ring {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    gen_household *slots;
    int head, count;
    bool finished;
    generator *gen;
} ring;

static void *producer_main(void *arg)
{
    ring *r = arg;
    generator *g = r->gen;
    while (g->made < g->target) {
        pthread_mutex_lock(&r->lock);
        while (r->count == RING)
            pthread_cond_wait(&r->not_full, &r->lock);
        int slot = (r->head + r->count) % RING;
        pthread_mutex_unlock(&r->lock);
        gen_household *h = &r->slots[slot]; /* only this thread touches a free slot */
        make_household(
            g, h, (int)(g->target - g->made < MAX_MEMBERS ? g->target - g->made : MAX_MEMBERS));
        pthread_mutex_lock(&r->lock);
        r->count++;
        pthread_cond_signal(&r->not_empty);
        pthread_mutex_unlock(&r->lock);
    }
    pthread_mutex_lock(&r->lock);
    r->finished = true;
    pthread_cond_signal(&r->not_empty);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* ---- writer: svc_persons_create and svc_households_create, as the API writes them ---- */

typedef struct counts {
    int64_t persons, households, memberships;
} counts;

static void check(int rc, const char *what)
{
    if (rc != STORE_OK) {
        fprintf(stderr, "bench_gen: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

static void must(svc_result r, const char *what)
{
    if (r.status == SVC_OK)
        return;
    fprintf(stderr, "bench_gen: %s refused (status %d, field %s: %s)\n", what, r.status,
            r.field ? r.field : "-", r.message ? r.message : "-");
    exit(1);
}

/* The generator plans its own ids (a former member names an adult of an earlier household);
 * the services draw the stored ones. The last adult written, by both. */
typedef struct writer {
    store_conn *c;
    char last_adult_planned[RANDOM_ID_LEN + 1], last_adult[RANDOM_ID_LEN + 1];
} writer;

static int64_t date_to_instant(const char *ymd)
{
    int y, m, d;
    if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3)
        return 0;
    return jst_midnight(days_from_civil(y, m, d));
}

/* When the household is recorded: its created_at, or the morning after the latest date it names
 * (a birth, a move) when that is later, since a service refuses a date after its today. */
static int64_t recorded_at(const gen_household *h)
{
    int64_t at = h->created_at;
    for (int i = 0; i < h->person_count; i++)
        if (h->persons[i].has_birth)
            at = max64(at, date_to_instant(h->persons[i].birth) + 86400 + 9 * 3600);
    for (int i = 0; i < h->member_count; i++) {
        if (h->members[i].has_from)
            at = max64(at, date_to_instant(h->members[i].from) + 86400 + 9 * 3600);
        if (h->members[i].has_to)
            at = max64(at, date_to_instant(h->members[i].to) + 86400 + 9 * 3600);
    }
    return at;
}

static void write_household(writer *wr, const gen_household *h, counts *n)
{
    pool *p = pool_create();
    svc_ctx ctx;
    svc_ctx_init_system(&ctx, wr->c, p, recorded_at(h));
    ctx.in_transaction = true;
    char ids[MAX_MEMBERS][RANDOM_ID_LEN + 1];
    for (int i = 0; i < h->person_count; i++) {
        const gen_person *gp = &h->persons[i];
        svc_person_input in = {.present = SVC_PERSON_ALL,
                               .family_name = gp->family,
                               .given_name = gp->has_given ? gp->given : NULL,
                               .family_name_kana = gp->family_kana,
                               .given_name_kana = gp->has_given ? gp->given_kana : NULL,
                               .birth_date = gp->has_birth ? gp->birth : NULL,
                               .sex = gp->sex,
                               .address = h->address,
                               .phone = gp->has_phone ? gp->phone : NULL,
                               .resident_id = gp->has_resident ? gp->resident : NULL};
        svc_person_created out;
        must(svc_persons_create(&ctx, &in, &out), "svc_persons_create");
        snprintf(ids[i], sizeof ids[i], "%s", out.person.id);
        n->persons++;
    }
    store_member members[MAX_MEMBERS];
    memset(members, 0, sizeof members);
    for (int i = 0; i < h->member_count; i++) {
        const gen_member *m = &h->members[i];
        if (m->person < 0 && strcmp(m->former_id, wr->last_adult_planned) != 0) {
            fprintf(stderr, "bench_gen: a former member out of order\n");
            exit(1);
        }
        members[i].person_id = m->person >= 0 ? ids[m->person] : wr->last_adult;
        members[i].relation = (char *)m->relation;
        members[i].from_date = m->has_from ? (char *)m->from : NULL;
        members[i].to_date = m->has_to ? (char *)m->to : NULL;
    }
    svc_household_input in = {.present = SVC_HOUSEHOLD_ALL,
                              .name = h->name,
                              .address = h->address,
                              .members = members,
                              .member_count = h->member_count};
    store_household out;
    must(svc_households_create(&ctx, &in, &out), "svc_households_create");
    n->households++;
    n->memberships += h->member_count;
    for (int i = 0; i < h->person_count; i++) /* as make_household picks the former member */
        if (END_YEAR - h->persons[i].birth_year >= 18) {
            memcpy(wr->last_adult_planned, h->persons[i].id, sizeof wr->last_adult_planned);
            memcpy(wr->last_adult, ids[i], sizeof wr->last_adult);
        }
    pool_destroy(p);
}

/* ---- or the same persons as an import file ---- */

static const char CSV_HEADER[] =
    "external_id,family_name,given_name,family_name_kana,given_name_kana,"
    "birth_date,sex,resident_id,address,phone,household_external_id,"
    "relation";

/* The person's relation in h while still a member (NULL: none). */
static const char *current_relation(const gen_household *h, int person)
{
    for (int i = 0; i < h->member_count; i++)
        if (h->members[i].person == person && !h->members[i].has_to)
            return h->members[i].relation;
    return NULL;
}

static void write_household_csv(FILE *f, const gen_household *h, counts *n)
{
    csv_buf b = {0};
    for (int i = 0; i < h->person_count; i++) {
        const gen_person *gp = &h->persons[i];
        const char *relation = current_relation(h, i);
        const char *cells[] = {gp->id,
                               gp->family,
                               gp->has_given ? gp->given : NULL,
                               gp->family_kana,
                               gp->has_given ? gp->given_kana : NULL,
                               gp->has_birth ? gp->birth : NULL,
                               gp->sex,
                               gp->has_resident ? gp->resident : NULL,
                               h->address,
                               gp->has_phone ? gp->phone : NULL,
                               relation ? h->id : NULL,
                               relation};
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
            csv_cell(&b, cells[k], k == 0);
        csv_end_line(&b);
        n->persons++;
    }
    n->households++;
    if (fwrite(b.text, 1, b.len, f) != b.len) {
        fputs("bench_gen: cannot write the CSV file\n", stderr);
        exit(1);
    }
    free(b.text);
}

static int has_persons(store_conn *c, bool *out)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM persons LIMIT 1");
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    store_done(st);
    *out = rc == STORE_ROW;
    return rc == STORE_ROW ? STORE_OK : rc;
}

static const char COUNT_EVENTS[] = "SELECT count(*) FROM events";
static const char COUNT_AUDIT[] = "SELECT count(*) FROM audit";

/* sql: a literal "SELECT count(*) FROM …" (store_prepare caches on the text's address). */
static int count_rows(store_conn *c, const char *sql, int64_t *out)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    *out = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc;
}

static double file_mib(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0;
}

static int usage(void)
{
    fputs("usage: bench_gen --db FILE | --pg CONNINFO | --csv FILE [--persons N] [--seed S] "
          "[--batch N]"
          " [--cache-mib N]\n",
          stderr);
    return 2;
}

/* The next household the producer drew (NULL when it has finished); release it once written. */
static gen_household *next_household(ring *r)
{
    pthread_mutex_lock(&r->lock);
    while (r->count == 0 && !r->finished)
        pthread_cond_wait(&r->not_empty, &r->lock);
    gen_household *h = r->count ? &r->slots[r->head] : NULL;
    pthread_mutex_unlock(&r->lock);
    return h;
}

static void release_household(ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->head = (r->head + 1) % RING;
    r->count--;
    pthread_cond_signal(&r->not_full);
    pthread_mutex_unlock(&r->lock);
}

/* The generator and its thread; stop_producer frees both. */
static void start_producer(ring *r, uint64_t seed, int64_t target, pthread_t *producer)
{
    generator *g = calloc(1, sizeof *g);
    *r = (ring){.gen = g, .slots = calloc(RING, sizeof(gen_household))};
    if (!g || !r->slots)
        abort();
    generator_init(g, seed, target);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->not_empty, NULL);
    pthread_cond_init(&r->not_full, NULL);
    if (pthread_create(producer, NULL, producer_main, r) != 0)
        abort();
}

static void stop_producer(ring *r, pthread_t producer)
{
    pthread_join(producer, NULL);
    pthread_cond_destroy(&r->not_empty);
    pthread_cond_destroy(&r->not_full);
    pthread_mutex_destroy(&r->lock);
    free(r->slots);
    free(r->gen);
}

/* --csv: the persons as an import file. */
static int write_csv(const char *path, uint64_t seed, int64_t target)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "bench_gen: cannot create %s\n", path);
        return 1;
    }
    fprintf(f, "%s\r\n", CSV_HEADER);
    ring r;
    pthread_t producer;
    start_producer(&r, seed, target, &producer);
    counts n = {0};
    int64_t t0 = bench_now_ns();
    for (gen_household *h; (h = next_household(&r));) {
        write_household_csv(f, h, &n);
        release_household(&r);
    }
    stop_producer(&r, producer);
    if (fclose(f) != 0)
        return 1;
    printf("bench_gen: %" PRId64 " persons in %" PRId64 " households written to %s (%.1f MiB) in"
           " %.1f s\n",
           n.persons, n.households, path, file_mib(path), (double)(bench_now_ns() - t0) / 1e9);
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *pg = NULL, *csv = NULL;
    int64_t target = 1000000, batch = 50000, cache_mib = 2048;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--db") == 0)
            db = v;
        else if (strcmp(a, "--pg") == 0)
            pg = v;
        else if (strcmp(a, "--csv") == 0)
            csv = v;
        else if (strcmp(a, "--persons") == 0)
            target = strtoll(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--batch") == 0)
            batch = strtoll(v, NULL, 10);
        else if (strcmp(a, "--cache-mib") == 0)
            cache_mib = strtoll(v, NULL, 10);
        else
            return usage();
    }
    if (!db + !pg + !csv != 2 || target < 1 || batch < 1 || cache_mib < 1)
        return usage();
    if (!bench_seed_randombytes(seed ^ 0x6964733032ULL) || sodium_init() < 0)
        return 1;
    check_tables();
    if (csv)
        return write_csv(csv, seed, target);

    store *s;
    if ((pg ? store_open_pg(&s, pg) : store_open_sqlite(&s, db)) != STORE_OK)
        return 1;
    const char *where = pg ? "the PostgreSQL database" : db;
    store_conn *c = store_thread_conn(s);
    if (!c)
        return 1;
    check(store_migrate(c), "store_migrate");
    bool exists;
    check(has_persons(c, &exists), "reading persons");
    if (exists) {
        fprintf(stderr, "bench_gen: %s already holds persons; give a new one\n", where);
        store_close(s);
        return 1;
    }
    if (pg) {
        /* Bulk load: commits not waited for, on this connection only. */
        check(store_exec(c, "SET synchronous_commit = off"), "synchronous_commit");
    } else {
        /* Bulk load: the journal in memory (a savepoint can still roll back) and no fsync on
         * this connection only, a page cache that holds the indexes whose keys arrive in random
         * order. */
        char pragmas[160];
        snprintf(pragmas, sizeof pragmas,
                 "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-%" PRId64
                 ";",
                 cache_mib * 1024);
        check(store_exec(c, pragmas), "pragmas");
    }

    ring r;
    pthread_t producer;
    start_producer(&r, seed, target, &producer);

    fprintf(stderr, "bench_gen: %" PRId64 " persons into %s (seed %" PRIu64 ")\n", target, where,
            seed);
    counts n = {0};
    writer wr = {.c = c};
    int64_t events0, audits0;
    check(count_rows(c, COUNT_EVENTS, &events0), "counting events");
    check(count_rows(c, COUNT_AUDIT, &audits0), "counting audit rows");
    int64_t t0 = bench_now_ns(), in_batch = 0;
    check(store_begin(c), "begin");
    for (gen_household *h; (h = next_household(&r));) {
        write_household(&wr, h, &n);
        in_batch += h->person_count;
        release_household(&r);
        if (in_batch >= batch) {
            check(store_commit(c), "commit");
            check(store_begin(c), "begin");
            in_batch = 0;
            double sec = (double)(bench_now_ns() - t0) / 1e9;
            fprintf(stderr, "  %9" PRId64 " persons  %6.1f s  %8.0f persons/s\n", n.persons, sec,
                    (double)n.persons / sec);
        }
    }
    check(store_commit(c), "commit");
    stop_producer(&r, producer);
    if (!pg)
        check(store_exec(c, "PRAGMA journal_mode=WAL;"), "back to WAL");
    double sec = (double)(bench_now_ns() - t0) / 1e9;
    int64_t events1, audits1;
    check(count_rows(c, COUNT_EVENTS, &events1), "counting events");
    check(count_rows(c, COUNT_AUDIT, &audits1), "counting audit rows");
    store_close(s);
    printf("bench_gen: %" PRId64 " persons, %" PRId64 " households, %" PRId64
           " memberships, %" PRId64 " events, %" PRId64 " audit rows in %.1f s (%.0f persons/s)",
           n.persons, n.households, n.memberships, events1 - events0, audits1 - audits0, sec,
           (double)n.persons / sec);
    if (db)
        printf("; %s is %.1f MiB", db, file_mib(db));
    putchar('\n');
    return 0;
}
