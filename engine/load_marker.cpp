// Resume markers of first loads (see load_marker.h).
#include "engine/load_marker.h"

#include <charconv>
#include <cstdint>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/engine_error.h"

namespace backlog::engine {

namespace {

std::string member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

std::string LoadMarker::text() const {
  if (kind == Kind::None) return "";
  if (kind == Kind::Window) return upto;
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key(kind == Kind::Rows ? "rows" : "parents");
  w.String(column.c_str(), static_cast<rapidjson::SizeType>(column.size()));
  w.Key("upto");
  w.String(upto.c_str(), static_cast<rapidjson::SizeType>(upto.size()));
  if (kind == Kind::Parents) {
    w.Key("done");
    w.String(done.c_str(), static_cast<rapidjson::SizeType>(done.size()));
  }
  w.EndObject();
  return out.GetString();
}

LoadMarker LoadMarker::parse(std::string_view text) {
  LoadMarker m;
  if (text.empty()) return m;
  if (text.front() != '{') {
    m.kind = Kind::Window;
    m.upto = std::string(text);
    return m;
  }
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject())
    throw EngineError("unreadable first-load resume marker in the checkpoint: " + std::string(text));
  if (doc.HasMember("rows")) {
    m.kind = Kind::Rows;
    m.column = member(doc, "rows");
  } else if (doc.HasMember("parents")) {
    m.kind = Kind::Parents;
    m.column = member(doc, "parents");
    m.done = member(doc, "done");
  }
  m.upto = member(doc, "upto");
  if (m.kind == Kind::None || m.column.empty() || m.upto.empty())
    throw EngineError("unreadable first-load resume marker in the checkpoint: " + std::string(text));
  return m;
}

std::optional<LoadMarker> earliest_marker(const LoadMarker& a, const LoadMarker& b) {
  if (!a.in_progress()) return b;
  if (!b.in_progress()) return a;
  if (a.kind != b.kind || a.column != b.column) return std::nullopt;
  if (a.kind == LoadMarker::Kind::Window)  // windows go forward in time
    return cursor_text_before(b.upto, a.upto) ? b : a;
  // Chunked loads go backward: the larger `upto` has more left to read.
  if (cursor_text_before(a.upto, b.upto)) return b;
  if (cursor_text_before(b.upto, a.upto)) return a;
  LoadMarker m = a;
  if (a.done != b.done) m.done.clear();  // the same point, different parents done: skip none
  return m;
}

bool cursor_text_before(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && !b.empty();
  int64_t x = 0, y = 0;
  auto ax = std::from_chars(a.data(), a.data() + a.size(), x);
  auto by = std::from_chars(b.data(), b.data() + b.size(), y);
  if (ax.ec == std::errc() && ax.ptr == a.data() + a.size() && by.ec == std::errc() &&
      by.ptr == b.data() + b.size())
    return x < y;
  return a < b;
}

}  // namespace backlog::engine
