// libFuzzer target: destination URIs (sinks/sink_uri.cpp): parse_destination() and
// redact_uri(), which every message about a destination goes through.
//
// The first byte picks what the rest of the input becomes:
//   0  the text itself;
//   1  SCHEME://USER:PASSWORD@REST              (a password in the user info)
//   2  PREFIX password=PASSWORD SUFFIX          (a libpq keyword, maybe 'quoted \' like this')
//   3  SCHEME://REST?PARAMS&password=PASSWORD&SUFFIX   (a URI query parameter)
// with the parts cut from the input by FuzzedDataProvider.
//
// Invariants beyond "no crash, no sanitizer report":
//   - redact_uri() never leaks the password: neither the whole password nor any 6-byte
//     piece of it that does not also occur elsewhere in the text survives (pieces with a
//     '*', or a '"' in messages, aside: the "***" mask or a message's quotes and their
//     neighbours can form them);
//   - nor does parse_destination()'s error message;
//   - a parsed destination is never empty and keeps its kind's text (URIs as given).
#include <fuzzer/FuzzedDataProvider.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>

#include "sinks/sink_uri.h"

namespace {

// Printable, with other bytes as \xNN (inputs hold NULs and binary).
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') { out += static_cast<char>(c); continue; }
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  return out;
}

[[noreturn]] void broken(const std::string& what, const std::string& text) {
  std::string error;
  backlog::sinks::parse_destination(text, &error);
  std::fprintf(stderr, "destination URI invariant broken: %s\n  text:     %s\n  redacted: %s\n  error:    %s\n",
               what.c_str(), printable(text).c_str(), printable(backlog::sinks::redact_uri(text)).c_str(),
               printable(error).c_str());
  std::abort();
}

std::string without(std::string s, std::string_view bad) {
  std::erase_if(s, [&](char c) { return bad.find(c) != std::string_view::npos; });
  return s;
}

// `text` holds `password` at `at`. Checks that neither its redaction nor the message
// parse_destination() may give shows any of it.
void expect_hidden(const std::string& text, size_t at, const std::string& password) {
  if (password.empty()) return;
  std::string error;
  if (backlog::sinks::parse_destination(text, &error)) error.clear();
  // The rest of the text, the password cut out: pieces found there may legitimately stay.
  const std::string elsewhere = text.substr(0, at) + '\0' + text.substr(at + password.size());
  // A message's own words ("postgresql://…") are not the password either.
  const std::string message_words = elsewhere + '\0' +
      "\"\": empty destination; : unknown destination kind (use sqlite:PATH, postgresql://… or mysql://…); "
      ": no file path (use sqlite:PATH)";
  // Text with a '*' may be made by the "***" mask and its neighbours, text with a '"' or a
  // ':' by a message's quotes or the ": " after the destination it names: not evidence of
  // a leak.
  for (const auto& [shown, what, known, framing] :
       {std::tuple{backlog::sinks::redact_uri(text), "redaction", &elsewhere, "*"},
        std::tuple{error, "the error message", &message_words, "*\":"}}) {
    const bool starred = password.find_first_of(framing) != std::string::npos;
    if (!starred && known->find(password) == std::string::npos && shown.find(password) != std::string::npos)
      broken(std::string("the password survives in ") + what, text);
    constexpr size_t kPiece = 6;
    for (size_t i = 0; i + kPiece <= password.size(); ++i) {
      const std::string_view piece = std::string_view(password).substr(i, kPiece);
      if (piece.find_first_of(framing) != std::string_view::npos) continue;
      if (known->find(piece) == std::string::npos && shown.find(piece) != std::string::npos)
        broken(std::string("a piece of the password survives in ") + what, text);
    }
  }
}

const char* const kSchemes[] = {"postgresql", "postgres", "mysql", "mariadb", "PostgreSQL", "MySQL"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const int form = in.ConsumeIntegralInRange(0, 3);
  std::string text;
  switch (form) {
    case 0:
      text = in.ConsumeRemainingBytesAsString();
      break;
    case 1: {   // the user info: libpq ends the user at ':' and the password at '@' or '/'
      const std::string scheme = in.PickValueInArray(kSchemes);
      const std::string user = without(in.ConsumeRandomLengthString(32), ":@/");
      const std::string password = without(in.ConsumeRandomLengthString(48), std::string_view("@/\0", 3));
      const std::string rest = in.ConsumeRemainingBytesAsString();
      text = scheme + "://" + user + ":";
      const size_t at = text.size();
      text += password + "@" + rest;
      expect_hidden(text, at, password);
      break;
    }
    case 2: {   // a libpq keyword: unquoted up to a blank, or quoted with \' and \\ escapes
      const std::string prefix = without(in.ConsumeRandomLengthString(48), "'\\");
      const bool quoted = in.ConsumeBool();
      std::string password = without(in.ConsumeRandomLengthString(48), std::string_view("\0", 1));
      const std::string suffix = in.ConsumeRemainingBytesAsString();
      text = prefix + " password=";
      size_t at = text.size();
      if (quoted) {
        std::string escaped;
        for (char c : password) {
          if (c == '\'' || c == '\\') escaped += '\\';
          escaped += c;
        }
        text += "'" + escaped + "'";
        password = escaped;   // as written: what must not show
        at += 1;
      } else {   // blanks, '\\' and a leading quote escaped, as libpq reads them
        std::string escaped;
        for (char c : password) {
          if (std::isspace(static_cast<unsigned char>(c)) || c == '\\' || (escaped.empty() && c == '\'')) escaped += '\\';
          escaped += c;
        }
        password = escaped;
        text += password;
      }
      text += " " + suffix;
      expect_hidden(text, at, password);
      break;
    }
    case 3: {   // a URI query parameter, up to the next '&'
      const std::string scheme = in.PickValueInArray(kSchemes);
      const std::string rest = without(in.ConsumeRandomLengthString(32), "?");
      const std::string params = in.ConsumeRandomLengthString(32);
      const std::string password = without(in.ConsumeRandomLengthString(48), std::string_view("& \t\n\r\f\v\0", 8));
      const std::string suffix = in.ConsumeRemainingBytesAsString();
      text = scheme + "://" + rest + "?" + params + "&password=";
      const size_t at = text.size();
      text += password + "&" + suffix;
      expect_hidden(text, at, password);
      break;
    }
  }

  std::string error;
  const auto uri = backlog::sinks::parse_destination(text, &error);
  if (uri) {
    if (uri->location.empty()) broken("a destination with an empty location", text);
    if (uri->kind != backlog::sinks::DestinationUri::Kind::Sqlite && uri->location != text)
      broken("a server URI is not kept as given", text);
  } else {
    if (error.empty()) broken("refused without a message", text);
  }
  return 0;
}
