#include "vtab/scan.h"

#include <fmt/format.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "vtab/json_value.h"

namespace backlog::vtab {
namespace {

constexpr size_t kMemoEntryBytes = 256 * 1024;   // only small answers are remembered
constexpr size_t kMemoPageBytes = 32 * 1024;     // … and of paged lists only small pages
constexpr size_t kMemoBytes = 8 * 1024 * 1024;   // per cursor

// yyyy-MM-dd of a timestamp or date value; empty when the value is not one (then the
// bound is not pushed and SQLite alone filters).
std::string day_of(sqlite3_value* v) {
  if (sqlite3_value_type(v) != SQLITE_TEXT) return {};
  std::string s(reinterpret_cast<const char*>(sqlite3_value_text(v)));
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return {};
  return s.substr(0, 10);
}

std::optional<long long> integer_of(sqlite3_value* v) {
  int t = sqlite3_value_numeric_type(v);
  if (t == SQLITE_INTEGER) return sqlite3_value_int64(v);
  if (t == SQLITE_FLOAT) return static_cast<long long>(sqlite3_value_double(v));
  return std::nullopt;
}

// Number of elements of a top-level JSON array, by a quick scan that jumps over strings
// with memchr (no parse): enough to know whether an offset page is full and the next one
// is due. -1 when the text is not a well-formed array.
long long count_array_elements(std::string_view json) {
  const char* p = json.data();
  const size_t size = json.size();
  size_t i = json.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || p[i] != '[') return -1;
  long long n = 0;
  int depth = 0;
  bool any = false;
  while (i < size) {
    char c = p[i];
    if (c == '"') {
      size_t j = i + 1;  // the closing quote: one not preceded by an odd run of '\'
      for (;;) {
        const void* q = memchr(p + j, '"', size - j);
        if (!q) return -1;
        j = static_cast<size_t>(static_cast<const char*>(q) - p);
        size_t k = j;
        while (k > i + 1 && p[k - 1] == '\\') --k;
        if ((j - k) % 2 == 0) break;
        ++j;
      }
      any = true;
      i = j + 1;
      continue;
    }
    if (c == '[' || c == '{') {
      if (depth == 1) any = true;
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0) break;
    } else if (c == ',' && depth == 1) {
      ++n;
    } else if (depth == 1 && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      any = true;
    }
    ++i;
  }
  return any ? n + 1 : 0;
}

}  // namespace

std::string value_text(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_value_bytes(v)) : std::string();
}

Scan::Scan(const CompiledResource& r, api::Client& client, sqlite3* db)
    : r_(r), client_(client), db_(db), bound_(r.columns.size()), parallel_(std::max(1, client.parallel())) {}

Scan::~Scan() { reset(); }

void Scan::reset() {
  // The workers still complete the requests; we only stop waiting for them.
  for (Pending& p : pending_) try { p.page.wait(); } catch (...) {}
  pending_.clear();
  if (guard_) {
    std::lock_guard lock(guard_->mu);  // no continuation touches this Scan past this point
    guard_->stopped = true;
  }
  guard_.reset();
  sqlite3_finalize(parent_);
  parent_ = nullptr;
  parent_done_ = false;
  parent_columns_.clear();
  in_column_ = -1;
  in_values_.clear();
  in_next_ = 0;
  base_params_.clear();
  for (auto& b : bound_) b = ValueCopy();
  get_mode_ = false;
  limit_.reset();
  offset_start_ = produced_ = 0;
  min_id_.reset();
  max_id_.reset();
  sort_.clear();
  order_.clear();
  rows_.clear();
  page_.reset();
  pos_ = 0;
  done_ = true;
  ctx_.reset();
  page_ctx_.reset();
  detail_pos_ = static_cast<size_t>(-1);
}

void Scan::set_params(const Plan& plan, int argc, sqlite3_value** argv) {
  for (size_t i = 0; i < plan.terms.size() && static_cast<int>(i) < argc; ++i) {
    const PlanTerm& t = plan.terms[i];
    sqlite3_value* v = argv[i];
    const Column* col = t.column >= 0 ? r_.columns[t.column].decl : nullptr;
    const Filter* f = col ? &col->filter : nullptr;
    switch (t.op) {
      case 'p':
      case 'g':
        bound_[t.column] = ValueCopy(v);
        if (t.op == 'g') get_mode_ = true;
        break;
      case 'e':
        bound_[t.column] = ValueCopy(v);
        base_params_.push_back({f && f->param ? f->param : col->name, ValueCopy(v).text()});
        break;
      case 'a':
        base_params_.push_back({f->param, ValueCopy(v).text()});
        break;
      case 'P': {
        in_column_ = t.column;
        sqlite3_value* item = nullptr;
        for (int rc = sqlite3_vtab_in_first(v, &item); rc == SQLITE_OK && item;
             rc = sqlite3_vtab_in_next(v, &item))
          if (sqlite3_value_type(item) != SQLITE_NULL) in_values_.emplace_back(item);
        break;
      }
      case 'A': {
        sqlite3_value* item = nullptr;
        for (int rc = sqlite3_vtab_in_first(v, &item); rc == SQLITE_OK && item;
             rc = sqlite3_vtab_in_next(v, &item))
          base_params_.push_back({f->param, ValueCopy(item).text()});
        break;
      }
      case 'b':
        base_params_.push_back({f->param, sqlite3_value_int(v) ? "true" : "false"});
        break;
      case 'd':
      case 's':
      case 'u': {
        std::string day = day_of(v);
        if (day.empty()) break;
        // Several bounds on one column: the tightest wins (all are re-checked anyway).
        auto tighten = [&](const char* name, bool lower) {
          for (auto& p : base_params_)
            if (p.name == name) {
              if (lower ? day > p.value : day < p.value) p.value = day;
              return;
            }
          base_params_.push_back({name, day});
        };
        if (t.op != 'u') tighten(f->param, true);
        if (t.op != 's') tighten(f->until, false);
        break;
      }
      case 'm': case 'M': case 'x': case 'X': {
        auto n = integer_of(v);
        if (!n) break;
        // Whether Backlog's minId/maxId include the bound is not documented: ask for a
        // superset and let SQLite re-check.
        if (t.op == 'm' || t.op == 'M') {
          long long lo = t.op == 'm' ? *n : *n - 1;
          min_id_ = min_id_ ? std::max(*min_id_, lo) : lo;
        } else {
          long long hi = t.op == 'x' ? *n : *n + 1;
          max_id_ = max_id_ ? std::min(*max_id_, hi) : hi;
        }
        break;
      }
      case 'L':
        if (auto n = integer_of(v); n && *n >= 0) limit_ = *n;
        break;
      case 'O':
        if (auto n = integer_of(v); n && *n > 0) offset_start_ = *n;
        break;
    }
  }
  columns_used_ = plan.columns_used;
  if (plan.sort_column >= 0) {
    const Column* c = r_.columns[plan.sort_column].decl;
    if (r_.decl->paging == Paging::OffsetCount && c->sort) sort_ = c->sort;
    order_ = plan.descending ? "desc" : "asc";
  } else if (r_.decl->paging == Paging::MinMaxId) {
    order_ = "asc";  // minId paging walks upwards
  }
  for (const auto& [name, value] : r_.decl->fixed_params) base_params_.push_back({name, value});
}

void Scan::start(const Plan& plan, int argc, sqlite3_value** argv) {
  reset();
  guard_ = std::make_shared<ChainGuard>();
  guard_->limit = 2 * parallel_;
  set_params(plan, argc, argv);
  done_ = false;
  if (limit_ && *limit_ == 0) { done_ = true; return; }

  ctx_ = std::make_shared<Context>();
  if (get_mode_) {
    // One GET of the single-object endpoint; its one placeholder may be filled by a
    // get_by column's value (Issues: /issues/{Id} with an IssueKey).
    ctx_->path = r_.get_path.fill([&](int col) {
      if (bound_[col]) return bound_[col].text();
      for (int alt : r_.get_by)
        if (bound_[alt]) return bound_[alt].text();
      return std::string();
    });
    issue();
    advance();
    return;
  }

  if (in_column_ >= 0) {  // fan out over the IN list (its other placeholders are bound)
    fill_pipeline();
    advance();  // (an empty list: done)
    return;
  }

  bool fan_out = false;
  for (int ph : r_.list_path.placeholders)
    if (!bound_[ph]) fan_out = true;
  if (!fan_out) {
    ctx_->path = r_.list_path.fill([&](int col) { return bound_[col].text(); });
    issue();
    advance();
    return;
  }

  // Fan out: read the placeholders from the parent query, restricted by those we have.
  std::string sql = fmt::format("SELECT * FROM ({})", r_.decl->parent);
  std::vector<int> given;
  for (int ph : r_.list_path.placeholders)
    if (bound_[ph]) {
      sql += given.empty() ? " WHERE " : " AND ";
      sql += quote_identifier(r_.columns[ph].decl->name) + " = ?";
      given.push_back(ph);
    }
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &parent_, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt::format("{}: cannot read parent rows: {}", r_.decl->table,
                                         sqlite3_errmsg(db_)));
  for (size_t i = 0; i < given.size(); ++i)
    sqlite3_bind_value(parent_, static_cast<int>(i + 1), bound_[given[i]].v);
  for (int i = 0; i < sqlite3_column_count(parent_); ++i)
    parent_columns_.push_back(r_.column_index(sqlite3_column_name(parent_, i)));
  fill_pipeline();
  advance();  // (no parent rows: done)
}

bool Scan::next_context() {
  if (in_column_ >= 0) {
    if (in_next_ >= in_values_.size()) return false;
    ctx_ = std::make_shared<Context>();
    ctx_->values.emplace_back(in_column_, ValueCopy(in_values_[in_next_++].v));
    ctx_->path = r_.list_path.fill([&](int col) {
      return col == in_column_ ? ctx_->values[0].second.text() : bound_[col].text();
    });
    return true;
  }
  if (parent_done_) return false;
  int rc = sqlite3_step(parent_);
  if (rc == SQLITE_DONE) {
    parent_done_ = true;
    return false;
  }
  if (rc != SQLITE_ROW)
    throw std::runtime_error(fmt::format("{}: reading parent rows: {}", r_.decl->table, sqlite3_errmsg(db_)));
  ctx_ = std::make_shared<Context>();
  for (size_t i = 0; i < parent_columns_.size(); ++i)
    if (parent_columns_[i] >= 0)
      ctx_->values.emplace_back(parent_columns_[i], ValueCopy(sqlite3_column_value(parent_, static_cast<int>(i))));
  ctx_->path = r_.list_path.fill([&](int col) {
    for (const auto& [c, v] : ctx_->values)
      if (c == col) return v.text();
    return bound_[col].text();
  });
  return true;
}

Scan::PageState Scan::first_page_state() const {
  PageState st;
  st.offset = offset_start_;
  st.rows_before = produced_;
  return st;
}

api::Params Scan::page_params(const PageState& st) const {
  api::Params params = base_params_;
  const Resource& res = *r_.decl;
  if (get_mode_) return params;
  if (res.paging == Paging::OffsetCount) {
    if (!sort_.empty()) params.push_back({"sort", sort_});
    if (!order_.empty()) params.push_back({res.order_param, order_});
    if (st.offset > 0) params.push_back({"offset", std::to_string(st.offset)});
    params.push_back({"count", std::to_string(st.count)});
  } else if (res.paging == Paging::MinMaxId) {
    std::optional<long long> lo = min_id_, hi = max_id_;
    bool desc = order_ == "desc";
    if (st.cursor_id) {
      if (desc) hi = hi ? std::min(*hi, *st.cursor_id) : *st.cursor_id;
      else lo = lo ? std::max(*lo, *st.cursor_id) : *st.cursor_id;
    }
    if (lo) params.push_back({"minId", std::to_string(*lo)});
    if (hi) params.push_back({"maxId", std::to_string(*hi)});
    params.push_back({"count", std::to_string(st.count)});
    params.push_back({res.order_param, order_.empty() ? "asc" : order_});
  }
  return params;
}

// Asks for the first page of the current context (or the one object in get mode); with
// N requests allowed in flight, for its first N pages when it is the only context.
void Scan::issue() {
  PageState st = first_page_state();
  st.count = count_after(st.rows_before);
  api::Params params = page_params(st);
  std::string key = ctx_->path;
  for (const auto& p : params) key += fmt::format("&{}={}", p.name, p.value);
  if (auto hit = memo_.find(key); hit != memo_.end()) {
    std::promise<api::Response> ready;
    ready.set_value({200, hit->second});
    return launch(ready.get_future(), PageRequest{ctx_, st, {}, nullptr}, false);
  }
  if (!chains()) return launch(client_.get_async(ctx_->path, std::move(params)), PageRequest{ctx_, st, key, nullptr}, false);
  // One chain of pages per context; a lone context (no fan-out) gets `parallel_` chains
  // that interleave: page k's answer asks for page k + N.
  const int ahead = fans_out() ? 1 : parallel_;
  for (int k = 0; k < ahead; ++k) {
    if (k > 0) {
      st.offset += r_.decl->page_size;
      st.rows_before += r_.decl->page_size;
      if (limit_ && st.rows_before >= *limit_) break;
      st.count = count_after(st.rows_before);
    }
    ask_chained(ctx_, st, ahead, k == 0 ? key : std::string(), false);
  }
}

void Scan::ask_chained(const std::shared_ptr<Context>& ctx, const PageState& st, int ahead, std::string memo_key,
                       bool continues) {
  {
    std::lock_guard lock(guard_->mu);
    ++guard_->untaken;
  }
  auto slot = std::make_shared<NextPage>();
  auto answer = client_.get_async(ctx->path, page_params(st), chain_next(ctx, st, slot, ahead));
  launch(std::move(answer), PageRequest{ctx, st, std::move(memo_key), slot}, continues);
}

long long Scan::count_after(long long rows_before) const {
  const long long full = r_.decl->page_size;
  return limit_ ? std::min(full, *limit_ - rows_before) : full;
}

void Scan::fill_pipeline() {
  if (!fans_out()) return;
  while (static_cast<int>(pending_.size()) < parallel_ && next_context()) issue();
}

void Scan::resume_held() {
  std::vector<std::pair<std::shared_ptr<Context>, std::shared_ptr<NextPage>>> due;
  {
    std::lock_guard lock(guard_->mu);
    // A context's pages in offset order, and none after one that must still wait: with
    // interleaved chains their answers (and so their holds) come in any order.
    auto& waiting = guard_->waiting;
    std::stable_sort(waiting.begin(), waiting.end(),
                     [](const auto& a, const auto& b) { return a.second->state.offset < b.second->state.offset; });
    std::vector<const Context*> blocked;
    for (auto it = waiting.begin(); it != waiting.end() && guard_->untaken + static_cast<int>(due.size()) < guard_->limit;) {
      NextPage& held = *it->second;
      if (std::find(blocked.begin(), blocked.end(), it->first.get()) != blocked.end()) {
        ++it;
      } else if (!held.claimed) {
        // The page before it is not parsed yet: ask now, into its slot, as its
        // continuation would have; read_page() of that page takes the answer from there
        // and advance() queues it in order.
        ask_into_locked(*guard_, it->first, held);
        it = waiting.erase(it);
      } else if (held.ahead == 1 || held.taken) {
        // Parsed, so queued already (and with interleaved chains, taken: the pages between
        // are queued too): this page can follow it in pending_.
        due.push_back(*it);
        it = waiting.erase(it);
      } else {
        blocked.push_back(it->first.get());
        ++it;
      }
    }
  }
  for (const auto& [ctx, slot] : due) ask_chained(ctx, slot->state, slot->ahead, {}, true);
}

bool Scan::chains() const {
  return !get_mode_ && r_.decl->paging == Paging::OffsetCount && r_.explode.empty();  // one row per element
}

std::function<void(const api::Response&)> Scan::chain_next(std::shared_ptr<Context> ctx, PageState st,
                                                           std::shared_ptr<NextPage> slot, int ahead) const {
  return [this, guard = guard_, ctx = std::move(ctx), st, slot = std::move(slot), ahead](const api::Response& resp) {
    std::lock_guard lock(guard->mu);
    if (guard->stopped || st.count <= 0) return;
    // An answer as big as the last full page is taken for full without even counting
    // (counting costs a scan of the body); read_page() drops the request if it was wrong.
    bool guessed = st.full_bytes > 0 && resp.body.size() * 5 >= st.full_bytes * 4;
    long long n = guessed ? st.count : count_array_elements(resp.body);
    PageState next = st;
    if (n < st.count) return;
    // The pages in between are asked for by the other chains (when ahead > 1).
    const long long skip = n + (ahead - 1) * r_.decl->page_size;
    next.offset += skip;
    next.rows_before += skip;
    if (limit_ && next.rows_before >= *limit_) return;
    next.count = count_after(next.rows_before);
    next.full_bytes = resp.body.size();
    slot->state = next;
    slot->guessed = guessed;
    slot->ahead = ahead;
    if (guard->untaken >= guard->limit) {
      guard->waiting.emplace_back(ctx, slot);  // held: advance() asks for it once there is room
      return;
    }
    ask_into_locked(*guard, ctx, *slot);
  };
}

void Scan::ask_into_locked(ChainGuard& guard, const std::shared_ptr<Context>& ctx, NextPage& slot) const {
  ++guard.untaken;
  auto after = std::make_shared<NextPage>();
  slot.after = after;
  slot.answer = client_.get_async(ctx->path, page_params(slot.state), chain_next(ctx, slot.state, after, slot.ahead));
}

void Scan::launch(std::future<api::Response> answer, PageRequest req, bool continues) {
  auto where = pending_.end();
  if (continues) {
    where = pending_.begin();
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
      if (it->ctx == req.ctx) where = it + 1;
  }
  auto ctx = req.ctx;
  auto page = parser_.submit([this, answer = std::move(answer), req = std::move(req)]() mutable {
    return read_page(std::move(answer), std::move(req));
  });
  pending_.insert(where, Pending{std::move(ctx), std::move(page)});
}

rapidjson::Document& Scan::Page::new_doc(size_t body_size) {
  // The DOM of an answer takes about as many bytes as its text; start with twice that and
  // grow to what the last parse used, so the next one needs no allocation.
  size_t want = dom_capacity;
  if (dom_pool) want = std::max(want, dom_pool->Size() + dom_pool->Size() / 4 + 4096);
  if (!dom_memory) want = std::max<size_t>(body_size * 2 + 4096, 64 * 1024);
  doc.reset();
  dom_pool.reset();  // frees any chunk it had to add beyond dom_memory
  if (want > dom_capacity) {
    dom_memory = std::make_unique_for_overwrite<char[]>(want);
    dom_capacity = want;
  }
  dom_pool.emplace(dom_memory.get(), dom_capacity);
  doc.emplace(&*dom_pool);
  return *doc;
}

void Scan::Page::clear() {
  doc.reset();  // (its values live in dom_memory, kept)
  rows.clear();
  cells.clear();
  texts.Clear();
  texts_data = nullptr;
  elements = 0;
  memo_copy.clear();
  memo_key.clear();
  slot.reset();
  state = {};
  ctx.reset();
  next_answer = {};
  next_state = {};
  next_slot.reset();
}

std::unique_ptr<Scan::Page> Scan::spare_page() const {
  std::lock_guard lock(spare_mu_);
  if (spare_.empty()) return std::make_unique<Page>();
  auto page = std::move(spare_.back());
  spare_.pop_back();
  return page;
}

void Scan::recycle(std::unique_ptr<Page> page) {
  if (!page) return;
  page->clear();
  std::lock_guard lock(spare_mu_);
  if (static_cast<int>(spare_.size()) <= parallel_) spare_.push_back(std::move(page));
}

std::unique_ptr<Scan::Page> Scan::read_page(std::future<api::Response> answer, PageRequest req) const {
  const CompiledResource& r = r_;
  auto page = spare_page();
  page->slot = req.next;
  page->state = req.state;
  page->ctx = req.ctx;
  try {
    page->body = answer.get().body;
  } catch (const api::ApiError& e) {
    // A key that does not exist is an empty answer in SQL, not an error: the
    // single-object endpoint (or a child list of a vanished parent) says 404. An IN
    // value that is no key fails as the same value with `=` does.
    if (e.http_status() != 404 || !(get_mode_ || parent_)) throw;
    page->body = get_mode_ ? "null" : "[]";
  }
  // Copy for the memo only what is likely whole: a big page of a paged list is seldom
  // asked for twice, and copying every page would cost as much as parsing it.
  bool whole = get_mode_ || r.decl->paging == Paging::None || page->body.size() <= kMemoPageBytes;
  if (!req.memo_key.empty() && req.state.first() && whole && page->body.size() <= kMemoEntryBytes) {
    page->memo_copy = page->body;
    page->memo_key = req.memo_key;
  }

  // Offset paging: a full page means another is due, and this answer's continuation has
  // already asked for it (chain_next()). An answer from the memo has no continuation, but
  // the memo holds only complete answers, so no page follows one.
  PageState next = req.state;
  bool asked_early = false;
  if (req.next) {
    std::lock_guard lock(guard_->mu);  // (resume_held() may fill the slot until it is claimed)
    req.next->claimed = true;
    if (req.next->answer.valid()) {
      page->next_answer = std::move(req.next->answer);
      page->next_state = req.next->state;
      page->next_slot = req.next->after;
      asked_early = true;
    }
  }

  rapidjson::Document& doc = page->new_doc(page->body.size());
  doc.ParseInsitu(page->body.data());
  if (doc.HasParseError())
    throw std::runtime_error(fmt::format("{}: malformed JSON from Backlog for {} ({} at offset {})",
                                         r.decl->table, req.ctx->path, rapidjson::GetParseError_En(doc.GetParseError()),
                                         doc.GetErrorOffset()));
  // The list elements, and the rows they give (themselves or their exploded items).
  auto add_element = [&](const rapidjson::Value& el) {
    ++page->elements;
    if (r.explode.empty()) { page->rows.push_back({&el, &el}); return; }
    const rapidjson::Value* arr = find_path(&el, r.explode);
    if (arr && arr->IsArray())
      for (const auto& item : arr->GetArray()) page->rows.push_back({&item, &el});
  };
  if (doc.IsArray()) {
    for (const auto& el : doc.GetArray()) add_element(el);
  } else if (doc.IsObject()) {
    add_element(doc);
  } else if (!doc.IsNull()) {
    throw std::runtime_error(fmt::format("{}: unexpected JSON from Backlog for {}", r.decl->table, req.ctx->path));
  }

  // MinMaxId: drop rows of earlier pages (minId may be inclusive), remember the edge.
  const long long elements = static_cast<long long>(page->elements);
  if (r.decl->paging == Paging::MinMaxId && r.id_column >= 0 && !get_mode_) {
    bool desc = order_ == "desc";
    std::optional<long long> edge;
    const auto& cursor = req.state.cursor_id;
    std::erase_if(page->rows, [&](const Row& row) {
      const rapidjson::Value* id = find_path(row.enclosing, r.columns[r.id_column].json);
      if (!id || !id->IsInt64()) return false;
      long long v = id->GetInt64();
      if (!edge || (desc ? v < *edge : v > *edge)) edge = v;
      return cursor && (desc ? v >= *cursor : v <= *cursor);
    });
    if (edge) next.cursor_id = edge;
  }

  // A full page means there may be more: ask for it now (pipelining), unless LIMIT is met.
  next.offset += elements;
  next.rows_before += static_cast<long long>(page->rows.size());
  bool full = !get_mode_ && r.decl->paging != Paging::None && req.state.count > 0 && elements >= req.state.count;
  bool stuck = r.decl->paging == Paging::MinMaxId && page->rows.empty() && elements > 0;
  bool limit_met = limit_ && next.rows_before >= *limit_;
  if (asked_early && !full) {
    page->next_answer = {};  // guessed wrong: the answer is dropped unread
    std::lock_guard lock(guard_->mu);
    --guard_->untaken;
  } else if (!full && req.next) {
    std::lock_guard lock(guard_->mu);  // if it was held on a wrong guess: never ask for it
    std::erase_if(guard_->waiting, [&](const auto& w) { return w.second == req.next; });
  } else if (full && !stuck && !limit_met && !req.next) {  // (a chain's continuation decides)
    next.full_bytes = page->body.size();
    next.count = count_after(next.rows_before);
    page->next_state = next;
    page->next_answer = client_.get_async(req.ctx->path, page_params(next));
  }

  // Look up the cells the query reads now, off the SQLite thread.
  const size_t ncol = r.columns.size();
  page->cells.assign(page->rows.size() * ncol, Cell{});
  std::vector<PathFinder> finders;
  finders.reserve(ncol);
  for (const CompiledColumn& cc : r.columns) finders.emplace_back(&cc.json);
  for (size_t i = 0; i < page->rows.size(); ++i) {
    Row& row = page->rows[i];
    row.first_cell = i * ncol;
    for (size_t c = 0; c < ncol; ++c) {
      const CompiledColumn& cc = r.columns[c];
      if (cc.json.empty() || !uses_column(c)) continue;
      Cell& cell = page->cells[i * ncol + c];
      cell.value = finders[c].find(cc.from_enclosing ? row.enclosing : row.item);
      if (cell.value && (cell.value->IsObject() || cell.value->IsArray())) {
        const size_t at = page->texts.GetSize();
        append_json_text(*cell.value, page->texts);
        cell.text = static_cast<int32_t>(at);
        cell.text_len = static_cast<uint32_t>(page->texts.GetSize() - at);
      }
    }
  }
  page->texts_data = page->texts.GetString();
  return page;
}

void Scan::advance() {
  for (;;) {
    rows_.clear();
    pos_ = 0;
    detail_pos_ = static_cast<size_t>(-1);
    if (pending_.empty()) { done_ = true; return; }
    recycle(std::move(page_));  // the rows handed out so far point into it: only now is it free
    auto front = std::move(pending_.front().page);
    pending_.pop_front();
    page_ = front.get();
    if (page_->slot) {
      std::lock_guard lock(guard_->mu);
      --guard_->untaken;
      page_->slot->taken = true;
      if (++guard_->taken >= guard_->limit) guard_->limit = std::min(2 * guard_->limit, max_ahead());
    }
    page_ctx_ = page_->ctx;
    rows_.swap(page_->rows);  // (the page keeps the old, empty vector's capacity)

    // Remember complete answers (not one page of several) for the rest of the statement.
    bool complete = get_mode_ || r_.decl->paging == Paging::None ||
                    (page_->state.first() && static_cast<long long>(page_->elements) < page_->state.count);
    std::string& copy = page_->memo_copy;
    if (complete && !copy.empty() && memo_bytes_ + copy.size() <= kMemoBytes) {
      memo_bytes_ += copy.size();
      memo_.emplace(page_->memo_key, std::move(copy));
    }

    // Keep the network busy before handing out rows: the next page of this context is
    // already on its way; otherwise start the next parent's first page.
    long long after = produced_ + static_cast<long long>(rows_.size());
    bool limit_reached = limit_ && after >= *limit_;
    if (page_->next_answer.valid())
      launch(std::move(page_->next_answer), PageRequest{page_ctx_, page_->next_state, {}, page_->next_slot}, true);
    resume_held();
    if (!limit_reached) fill_pipeline();
    if (limit_ && static_cast<long long>(rows_.size()) > *limit_ - produced_)
      rows_.resize(static_cast<size_t>(*limit_ - produced_));
    if (!rows_.empty()) return;
  }
}

void Scan::next() {
  ++produced_;
  ++row_counter_;
  if (++pos_ < rows_.size()) return;
  if (limit_ && produced_ >= *limit_) { rows_.clear(); done_ = true; return; }
  advance();
}

bool Scan::uses_column(size_t col) const { return (columns_used_ >> std::min<size_t>(col, 63)) & 1; }

const rapidjson::Value* Scan::cell(int col) const {
  const CompiledColumn& c = r_.columns[col];
  const Row& row = rows_[pos_];
  if (uses_column(col)) return page_->cells[row.first_cell + col].value;
  return find_path(c.from_enclosing ? row.enclosing : row.item, c.json);
}

const ValueCopy& Scan::input(int col) const {
  if (page_ctx_)
    for (const auto& [c, v] : page_ctx_->values)
      if (c == col) return v;
  return bound_[col];
}

std::string Scan::column_text(int col) const {
  const CompiledColumn& c = r_.columns[col];
  if (c.json.empty()) return input(col).text();
  const rapidjson::Value* v = cell(col);
  return v ? to_plain_text(*v) : std::string();
}

const rapidjson::Value* Scan::detail(int col) {
  if (detail_pos_ != pos_) {
    std::string path = r_.get_path.fill([&](int c) { return column_text(c); });
    detail_body_ = client_.get(path).body;
    detail_doc_.ParseInsitu(detail_body_.data());
    if (detail_doc_.HasParseError())
      throw std::runtime_error(fmt::format("{}: malformed JSON from Backlog for {}", r_.decl->table, path));
    detail_pos_ = pos_;
  }
  return find_path(&detail_doc_, r_.columns[col].json);
}

void Scan::column(sqlite3_context* ctx, int col) {
  const CompiledColumn& c = r_.columns[col];
  if (c.json.empty()) {
    if (const ValueCopy& v = input(col)) sqlite3_result_value(ctx, v.v);
    return;  // NULL
  }
  // A detail column needs the single-object answer, unless that is what we already read.
  if (c.decl->detail && !get_mode_ && !r_.get_path.empty()) return result_json(ctx, detail(col), c.decl->type);
  if (uses_column(col)) {
    const Cell& cell = page_->cells[rows_[pos_].first_cell + col];
    if (cell.text >= 0) {
      sqlite3_result_text(ctx, page_->texts_data + cell.text, static_cast<int>(cell.text_len), SQLITE_TRANSIENT);
      if (c.decl->type == Type::Json) sqlite3_result_subtype(ctx, 'J');
      return;
    }
    return result_json(ctx, cell.value, c.decl->type);
  }
  result_json(ctx, cell(col), c.decl->type);
}

sqlite3_int64 Scan::rowid() const {
  if (r_.rowid_column >= 0 && !r_.columns[r_.rowid_column].json.empty()) {
    const rapidjson::Value* v = cell(r_.rowid_column);
    if (v && v->IsInt64()) return v->GetInt64();
  }
  return row_counter_;
}

}  // namespace backlog::vtab
