#include "shell/output_modes.h"

#include <algorithm>
#include <cstdint>
#include <variant>

namespace backlog::shell {
namespace {

// Text of a value as sqlite3 prints it: integers plainly, reals with up to 15 digits.
std::string cell_text(const sinks::Value& v, const std::string& null_text) {
  if (std::holds_alternative<std::monostate>(v)) return null_text;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", *d);
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
  }
  return std::get<std::string>(v);
}

std::vector<std::string> cells(Row row, const std::string& null_text) {
  std::vector<std::string> out;
  for (const auto& v : row) out.push_back(cell_text(v, null_text));
  return out;
}

// One line per row, cells joined: list mode (separator) and CSV (quoting, CRLF).
class LinePerRowPrinter : public ResultPrinter {
 public:
  LinePerRowPrinter(const OutputOptions& o, FILE* out, bool csv) : o_(o), out_(out), csv_(csv) {}
  void begin(const std::vector<std::string>& names) override {
    if (o_.headers) print(names);
  }
  void row(Row row) override { print(cells(row, o_.null_text)); }
  void end() override {}

 private:
  void print(const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) fputs(csv_ ? "," : o_.separator.c_str(), out_);
      if (csv_) put_csv(cells[i]);
      else fputs(cells[i].c_str(), out_);
    }
    fputs(csv_ ? "\r\n" : "\n", out_);
  }
  void put_csv(const std::string& c) {
    if (c.find_first_of(",\"\r\n") == std::string::npos) {
      fputs(c.c_str(), out_);
      return;
    }
    fputc('"', out_);
    for (char ch : c) {
      if (ch == '"') fputc('"', out_);
      fputc(ch, out_);
    }
    fputc('"', out_);
  }
  OutputOptions o_;
  FILE* out_;
  bool csv_;
};

void json_string(FILE* out, std::string_view s) {
  fputc('"', out);
  for (unsigned char c : s) {
    switch (c) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
  }
  fputc('"', out);
}

class JsonPrinter : public ResultPrinter {
 public:
  explicit JsonPrinter(FILE* out) : out_(out) {}
  void begin(const std::vector<std::string>& names) override {
    names_ = names;
    rows_ = 0;
  }
  void row(Row row) override {
    fputs(rows_++ ? ",\n{" : "[{", out_);
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) fputc(',', out_);
      json_string(out_, names_[i]);
      fputc(':', out_);
      const sinks::Value& v = row[i];
      if (std::holds_alternative<std::monostate>(v)) fputs("null", out_);
      else if (auto* n = std::get_if<int64_t>(&v)) fprintf(out_, "%lld", static_cast<long long>(*n));
      else if (auto* d = std::get_if<double>(&v)) fprintf(out_, "%.17g", *d);
      else json_string(out_, std::get<std::string>(v));
    }
    fputc('}', out_);
  }
  void end() override {
    if (rows_) fputs("]\n", out_);
  }

 private:
  FILE* out_;
  std::vector<std::string> names_;
  long rows_ = 0;
};

class LinePrinter : public ResultPrinter {
 public:
  LinePrinter(const OutputOptions& o, FILE* out) : o_(o), out_(out) {}
  void begin(const std::vector<std::string>& names) override {
    names_ = names;
    width_ = 0;
    for (const auto& n : names_) width_ = std::max(width_, n.size());
    rows_ = 0;
  }
  void row(Row row) override {
    if (rows_++) fputc('\n', out_);
    for (size_t i = 0; i < row.size(); ++i)
      fprintf(out_, "%*s = %s\n", static_cast<int>(width_), names_[i].c_str(), cell_text(row[i], o_.null_text).c_str());
  }
  void end() override {}

 private:
  OutputOptions o_;
  FILE* out_;
  std::vector<std::string> names_;
  size_t width_ = 0;
  long rows_ = 0;
};

// How a grid is drawn: table (ASCII), box (Unicode lines) and markdown differ only here.
struct Frame {
  struct Rule {
    const char* left;
    const char* cross;
    const char* right;
    const char* fill;   // repeated across a column (may be a multi-byte character)
  };
  const Rule* top;      // nullptr: no such line
  const Rule* under_header;
  const Rule* bottom;
  const char* left;     // around and between cells of a row
  const char* between;
  const char* right;
  bool always_headers;  // box and markdown show the names even with headers off (as sqlite3)
};

constexpr Frame::Rule kAsciiRule{"+", "+", "+", "-"};
constexpr Frame kAsciiFrame{&kAsciiRule, &kAsciiRule, &kAsciiRule, "| ", " | ", " |", false};
constexpr Frame::Rule kBoxTop{"┌", "┬", "┐", "─"}, kBoxMiddle{"├", "┼", "┤", "─"}, kBoxBottom{"└", "┴", "┘", "─"};
constexpr Frame kBoxFrame{&kBoxTop, &kBoxMiddle, &kBoxBottom, "│ ", " │ ", " │", true};
constexpr Frame::Rule kMarkdownRule{"|", "|", "|", "-"};
constexpr Frame kMarkdownFrame{nullptr, &kMarkdownRule, nullptr, "| ", " | ", " |", true};

// A grid sized to the content: buffers the whole result to size the columns.
class GridPrinter : public ResultPrinter {
 public:
  GridPrinter(const OutputOptions& o, FILE* out, const Frame& frame) : o_(o), out_(out), frame_(frame) {}
  void begin(const std::vector<std::string>& names) override {
    names_ = names;
    rows_.clear();
  }
  void row(Row row) override {
    std::vector<std::string> c = cells(row, o_.null_text);
    for (auto& cell : c) std::replace(cell.begin(), cell.end(), '\n', ' ');
    rows_.push_back(std::move(c));
  }
  void end() override {
    if (names_.empty()) return;
    const bool headers = o_.headers || frame_.always_headers;
    std::vector<size_t> width(names_.size(), 0);
    for (size_t i = 0; i < names_.size(); ++i) width[i] = headers ? display_width(names_[i]) : 0;
    for (const auto& r : rows_)
      for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
    rule(width, frame_.top);
    if (headers) {
      line(width, names_);
      rule(width, frame_.under_header);
    }
    for (const auto& r : rows_) line(width, r);
    rule(width, frame_.bottom);
  }

 private:
  void rule(const std::vector<size_t>& width, const Frame::Rule* r) {
    if (r == nullptr) return;
    for (size_t i = 0; i < width.size(); ++i) {
      fputs(i ? r->cross : r->left, out_);
      for (size_t k = 0; k < width[i] + 2; ++k) fputs(r->fill, out_);
    }
    fprintf(out_, "%s\n", r->right);
  }
  void line(const std::vector<size_t>& width, const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      fprintf(out_, "%s%s", i ? frame_.between : frame_.left, cells[i].c_str());
      for (size_t k = display_width(cells[i]); k < width[i]; ++k) fputc(' ', out_);
    }
    fprintf(out_, "%s\n", frame_.right);
  }
  OutputOptions o_;
  FILE* out_;
  const Frame& frame_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace

// Display width of UTF-8 text: East Asian wide characters count 2 (Backlog data is often
// Japanese), everything else 1.
size_t display_width(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    uint32_t cp = c;
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > 1 && i + len <= s.size()) {
      cp = c & (0xFF >> (len + 1));
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    // Emoji below U+1F300 that terminals draw two cells wide (East Asian Width W).
    static constexpr uint32_t kWideSymbols[] = {
        0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614,
        0x2615, 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE,
        0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728,
        0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF,
        0x2B1B, 0x2B1C, 0x2B50, 0x2B55};
    bool wide = (cp >= 0x2648 && cp <= 0x2653) ||
                std::find(std::begin(kWideSymbols), std::end(kWideSymbols), cp) != std::end(kWideSymbols) ||
                (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
                (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::List: return "list";
    case Mode::Csv: return "csv";
    case Mode::Json: return "json";
    case Mode::Line: return "line";
    case Mode::Table: return "table";
    case Mode::Box: return "box";
    case Mode::Markdown: return "markdown";
  }
  return "?";
}

bool parse_mode(std::string_view name, Mode& out) {
  static const std::pair<std::string_view, Mode> kModes[] = {
      {"list", Mode::List},   {"csv", Mode::Csv}, {"json", Mode::Json},        {"line", Mode::Line},
      {"table", Mode::Table}, {"box", Mode::Box}, {"markdown", Mode::Markdown}};
  for (const auto& [n, m] : kModes)
    if (n == name) { out = m; return true; }
  return false;
}

void print_in_columns(FILE* out, const std::vector<std::string>& words, size_t width, size_t limit) {
  size_t shown = std::min(words.size(), limit), column = 0;
  for (size_t i = 0; i < shown; ++i) column = std::max(column, display_width(words[i]) + 2);
  size_t per_line = std::max<size_t>(1, width / std::max<size_t>(column, 1));
  size_t lines = (shown + per_line - 1) / per_line;
  for (size_t line = 0; line < lines; ++line) {
    std::string text;
    for (size_t k = line; k < shown; k += lines) {
      text += words[k];
      if (k + lines < shown) text.append(column - display_width(words[k]), ' ');
    }
    fprintf(out, "%s\n", text.c_str());
  }
  if (shown < words.size()) fprintf(out, "… and %zu more\n", words.size() - shown);
}

std::unique_ptr<ResultPrinter> make_printer(const OutputOptions& o, FILE* out) {
  switch (o.mode) {
    case Mode::List: return std::make_unique<LinePerRowPrinter>(o, out, false);
    case Mode::Csv: return std::make_unique<LinePerRowPrinter>(o, out, true);
    case Mode::Json: return std::make_unique<JsonPrinter>(out);
    case Mode::Line: return std::make_unique<LinePrinter>(o, out);
    case Mode::Table: return std::make_unique<GridPrinter>(o, out, kAsciiFrame);
    case Mode::Box: return std::make_unique<GridPrinter>(o, out, kBoxFrame);
    case Mode::Markdown: return std::make_unique<GridPrinter>(o, out, kMarkdownFrame);
  }
  return nullptr;
}

}  // namespace backlog::shell
