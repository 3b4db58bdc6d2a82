// Phrase pools for text_pool.h. Short lists combined at random give enough variety for
// keyword searches to be meaningful (some words are rare, some common).
#include "text_pool.h"

#include <array>
#include <vector>

namespace backlog::emulator {
namespace {

const std::vector<std::string> kFamily = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "Smith", "García", "Müller", "Kim"};
const std::vector<std::string> kGiven = {"太郎", "花子", "健", "さくら", "翔", "Alice", "Bob", "Chloé", "Dmitri", "Emma", "Luis", "美咲"};
const std::vector<std::string> kSubjects = {"ログイン画面", "Login page", "検索 API", "Search API", "請求書 PDF", "Invoice export",
    "ダッシュボード", "Dashboard", "通知メール", "Notification e-mail", "CSV import", "ユーザー設定", "Payment gateway", "モバイルアプリ"};
const std::vector<std::string> kProblems = {"でエラーが発生する", "crashes on save", "が遅い", "is slow", "の表示が崩れる", "shows wrong totals",
    "を改善したい", "needs a redesign", "に対応する", "times out", "の文言を修正", "returns 500", "をリファクタリング", "leaks memory"};
const std::vector<std::string> kEmoji = {"", "", "", "🐛", "🚀", "✨", "🔥", "📝", "⚠️", "✅", "🎉"};
const std::vector<std::string> kSentences = {
    "再現手順を以下に記載します。", "Steps to reproduce are below.", "本番環境でのみ発生します。",
    "It only happens in production.", "ログを添付しました 📎", "See the attached log.",
    "優先度は中程度です。", "Customer impact is low.", "Safari 17 と Chrome 120 で確認。",
    "Confirmed on Safari 17 and Chrome 120.", "次のリリースで対応予定です 🚀", "Planned for the next release.",
    "関連チケットを参照してください。", "Workaround: reload the page.", "データベースのインデックスが不足しています。",
    "The database index is missing.", "UTF-8 の文字化け（例: “テスト”）が起きる。", "Edge case: empty string & null."};
const std::vector<std::string> kComments = {"確認しました。", "LGTM 👍", "対応中です。", "Fixed in the latest build.",
    "再現できませんでした。", "Could you attach a screenshot?", "レビューお願いします 🙏", "Merged, thanks!",
    "仕様を確認中です。", "Duplicate of an older issue.", "明日リリースします。", "Looks good to me ✅"};
const std::vector<std::string> kWikiNames = {"Home", "議事録", "Release notes", "開発環境の構築", "Coding rules", "設計メモ",
    "FAQ", "運用手順", "Onboarding 🎉", "API 仕様"};
const std::vector<std::string> kFileStems = {"screenshot", "log", "仕様書", "design", "見積もり", "report", "trace", "mock"};
const std::vector<std::string> kFileExts = {".png", ".txt", ".pdf", ".xlsx", ".log", ".zip", ".jpg"};

std::string sentences(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += rng.chance(0.3) ? "\n\n" : "\n";
    s += rng.pick(kSentences);
  }
  return s;
}

}  // namespace

std::string person_name(Rng& rng, int index) {
  if (index == 1) return "Admin 管理者";
  return rng.pick(kFamily) + " " + rng.pick(kGiven);
}

std::string issue_summary(Rng& rng) {
  const std::string& problem = rng.pick(kProblems);
  // Japanese predicates attach directly ("画面でエラー"); English ones need a space.
  std::string s = rng.pick(kSubjects) + (static_cast<unsigned char>(problem[0]) < 0x80 ? " " : "") + problem;
  const auto& e = rng.pick(kEmoji);
  if (!e.empty()) s += " " + e;
  return s;
}

std::string issue_description(Rng& rng) {
  if (rng.chance(0.15)) return "";
  return sentences(rng, static_cast<int>(rng.range(1, 4)));
}

std::string comment_text(Rng& rng) {
  std::string s = rng.pick(kComments);
  if (rng.chance(0.3)) s += "\n" + rng.pick(kSentences);
  return s;
}

std::string wiki_name(Rng& rng, int index) {
  if (index == 0) return "Home";
  return rng.pick(kWikiNames) + "/" + std::to_string(2019 + index % 6) + "-" + std::to_string(index);
}

std::string wiki_content(Rng& rng) {
  return "# " + rng.pick(kWikiNames) + "\n\n" + sentences(rng, static_cast<int>(rng.range(2, 6)));
}

std::string file_name(Rng& rng) {
  return rng.pick(kFileStems) + "_" + std::to_string(rng.range(1, 99)) + rng.pick(kFileExts);
}

std::string hex_sha(Rng& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 40; ++i) s.push_back(kHex[rng.next() % 16]);
  return s;
}

}  // namespace backlog::emulator
