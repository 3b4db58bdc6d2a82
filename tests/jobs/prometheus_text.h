// A small parser of the Prometheus text format (0.0.4) for the scheduler's tests: strict
// enough to refuse what Prometheus would (a sample before its HELP/TYPE, a bad name, an
// unescaped quote in a label value, a value that is not a number).
#pragma once

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace backlog::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses the exposition format strictly enough to catch what Prometheus would refuse:
// HELP/TYPE before their samples, `name{k="v",…} value`, escapes \\ \" \n in label values.
inline std::vector<Sample> parse_prometheus(const std::string& text, std::string* error) {
  std::vector<Sample> out;
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  const std::regex name_re("[a-zA-Z_:][a-zA-Z0-9_:]*");
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      *error = "the text does not end with a newline";
      return {};
    }
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    auto fail = [&](const std::string& why) {
      *error = "line " + std::to_string(line_no) + ": " + why + ": " + line;
      return std::vector<Sample>{};
    };
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::smatch m;
      if (std::regex_match(line, m, std::regex("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+"))) {
        helped.insert(m[1]);
      } else if (std::regex_match(line, m,
                                  std::regex("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)"))) {
        if (types.count(m[1])) return fail("second TYPE");
        types[m[1]] = m[2];
      }
      continue;
    }
    Sample s;
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = line.substr(0, i);
    if (!std::regex_match(s.name, name_re)) return fail("bad metric name");
    if (!types.count(s.name) || !helped.count(s.name)) return fail("no HELP/TYPE before the sample");
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        size_t eq = line.find('=', i);
        if (eq == std::string::npos) return fail("label without =");
        std::string key = line.substr(i, eq - i);
        if (!std::regex_match(key, std::regex("[a-zA-Z_][a-zA-Z0-9_]*"))) return fail("bad label name");
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') return fail("label value not quoted");
        std::string value;
        for (++i; i < line.size() && line[i] != '"'; ++i) {
          if (line[i] == '\\') {
            if (++i >= line.size()) return fail("dangling backslash");
            if (line[i] == 'n') value += '\n';
            else if (line[i] == '\\' || line[i] == '"') value += line[i];
            else return fail("bad escape");
          } else {
            value += line[i];
          }
        }
        if (i >= line.size()) return fail("unterminated label value");
        ++i;  // closing quote
        s.labels[key] = value;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size()) return fail("unterminated labels");
      ++i;  // }
    }
    if (i >= line.size() || line[i] != ' ') return fail("no value");
    std::string value = line.substr(i + 1);
    try {
      size_t used = 0;
      s.value = std::stod(value, &used);
      if (used != value.size()) return fail("trailing text after the value");
    } catch (const std::exception&) {
      return fail("value is not a number");
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The value of the sample with exactly these labels; -1 when there is none.
inline double sample(const std::vector<Sample>& samples, const std::string& name,
                     const std::map<std::string, std::string>& labels) {
  for (const Sample& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  return -1;
}

}  // namespace backlog::testing
