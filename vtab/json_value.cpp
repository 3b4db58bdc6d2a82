#include "vtab/json_value.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>

namespace backlog::vtab {

const rapidjson::Value* find_path(const rapidjson::Value* v, const std::vector<std::string>& path) {
  return PathFinder(&path).find(v);  // (no hint yet: a search by name at every segment)
}

const rapidjson::Value* PathFinder::find(const rapidjson::Value* v) {
  const std::vector<std::string>& path = *path_;
  for (size_t k = 0; k < path.size(); ++k) {
    if (!v || !v->IsObject()) return nullptr;
    const std::string& seg = path[k];
    const auto begin = v->MemberBegin();
    if (k < kDepth && hint_[k] < v->MemberCount()) {
      const auto& m = begin[hint_[k]];
      if (m.name.GetStringLength() == seg.size() && std::memcmp(m.name.GetString(), seg.data(), seg.size()) == 0) {
        v = &m.value;
        continue;
      }
    }
    auto it = v->FindMember(rapidjson::StringRef(seg.data(), seg.size()));
    if (it == v->MemberEnd()) return nullptr;
    if (k < kDepth) hint_[k] = static_cast<uint32_t>(it - begin);
    v = &it->value;
  }
  return v;
}

void append_json_text(const rapidjson::Value& v, rapidjson::StringBuffer& out) {
  rapidjson::Writer<rapidjson::StringBuffer> w(out);  // (its SIMD string scan needs a StringBuffer)
  v.Accept(w);
}

std::string to_json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  append_json_text(v, buf);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string to_plain_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNull()) return "";
  return to_json_text(v);
}

static void result_text(sqlite3_context* ctx, const rapidjson::Value& v) {
  sqlite3_result_text(ctx, v.GetString(), static_cast<int>(v.GetStringLength()), SQLITE_TRANSIENT);
}

static void result_number(sqlite3_context* ctx, const rapidjson::Value& v) {
  if (v.IsInt64()) sqlite3_result_int64(ctx, v.GetInt64());
  else if (v.IsUint64()) sqlite3_result_double(ctx, static_cast<double>(v.GetUint64()));
  else sqlite3_result_double(ctx, v.GetDouble());
}

void result_json(sqlite3_context* ctx, const rapidjson::Value* v, Type type) {
  if (!v || v->IsNull()) return sqlite3_result_null(ctx);
  if (type == Type::Json || v->IsObject() || v->IsArray()) {
    std::string text = to_json_text(*v);
    sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (type == Type::Json) sqlite3_result_subtype(ctx, 'J');  // json_each sees JSON, not text
    return;
  }
  if (v->IsBool()) return sqlite3_result_int(ctx, v->GetBool() ? 1 : 0);
  if (v->IsNumber()) {
    if (type == Type::Real && v->IsInt64()) return sqlite3_result_double(ctx, v->GetDouble());
    return result_number(ctx, *v);
  }
  // A string is kept exactly as sent, whatever the declared type: timestamps must stay
  // byte-identical, and a quoted number is the API's business, not ours to reinterpret.
  result_text(ctx, *v);
}

}  // namespace backlog::vtab
