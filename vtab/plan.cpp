// xBestIndex for the generic Backlog table: see plan.h for what each term means.
//
// Costs are "HTTP requests × 1000 + rows": a request costs far more than anything SQLite
// does locally, so the planner prefers the plan that asks Backlog least — a single-object
// GET over a list, a bound parent key over a fan-out over every parent. That is what makes
// `Issues JOIN IssueComments ON IssueId = Issues.Id` read each issue's comments by key
// instead of scanning all comments of all issues.
#include "vtab/plan.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace backlog::vtab {
namespace {

constexpr double kRequestCost = 1000.0;

// The term a constraint on a filterable column becomes, or 0 if the API can't take it.
char filter_term(const Filter& f, int op, bool whole_in) {
  switch (f.kind) {
    case Filter::Kind::Array:
      if (op == SQLITE_INDEX_CONSTRAINT_EQ) return whole_in ? 'A' : 'a';
      return 0;
    case Filter::Kind::Scalar:
      return op == SQLITE_INDEX_CONSTRAINT_EQ ? 'e' : 0;
    case Filter::Kind::Boolean:
      return op == SQLITE_INDEX_CONSTRAINT_EQ ? 'b' : 0;
    case Filter::Kind::Range:
      if (op == SQLITE_INDEX_CONSTRAINT_EQ) return 'd';
      if (op == SQLITE_INDEX_CONSTRAINT_GT || op == SQLITE_INDEX_CONSTRAINT_GE) return 's';
      if (op == SQLITE_INDEX_CONSTRAINT_LT || op == SQLITE_INDEX_CONSTRAINT_LE) return 'u';
      return 0;
    case Filter::Kind::IdRange:
      switch (op) {
        case SQLITE_INDEX_CONSTRAINT_GT: return 'm';
        case SQLITE_INDEX_CONSTRAINT_GE: return 'M';
        case SQLITE_INDEX_CONSTRAINT_LT: return 'x';
        case SQLITE_INDEX_CONSTRAINT_LE: return 'X';
      }
      return 0;
    case Filter::Kind::None:
      return 0;
  }
  return 0;
}

// Exact terms are filtered by the API exactly as SQL would: SQLite need not re-check.
// Date ranges have day granularity and id ranges differ in inclusiveness: re-checked.
bool exact(char term) { return term == 'p' || term == 'P' || term == 'a' || term == 'A' || term == 'e' || term == 'b'; }

double parent_rows(const CompiledResource& r) {
  if (const Resource* p = r.decl->parent_table ? find_resource(r.decl->parent_table) : nullptr)
    return std::max(1.0, p->rows_estimate);
  return 100.0;
}

}  // namespace

std::string Plan::encode() const {
  std::string out;
  for (const PlanTerm& t : terms) {
    if (!out.empty()) out += ',';
    out += t.op;
    if (t.column >= 0) out += std::to_string(t.column);
  }
  if (sort_column >= 0) out += fmt::format("{}o{}", out.empty() ? "" : ",", sort_column);
  out += fmt::format("{}c{}", out.empty() ? "" : ",", columns_used);
  return out;
}

Plan Plan::decode(const char* idx_str, int idx_num) {
  Plan plan;
  plan.descending = (idx_num & 2) != 0;
  for (const char* p = idx_str ? idx_str : ""; *p;) {
    char op = *p++;
    char* end = nullptr;
    if (op == 'c') {
      plan.columns_used = std::strtoull(p, &end, 10);
      p = end;
      if (*p == ',') ++p;
      continue;
    }
    long col = std::strtol(p, &end, 10);
    int column = end == p ? -1 : static_cast<int>(col);
    p = end;
    if (*p == ',') ++p;
    if (op == 'o') plan.sort_column = column;
    else plan.terms.push_back({op, column});
  }
  return plan;
}

bool Plan::uses_get() const {
  for (const PlanTerm& t : terms)
    if (t.op == 'g') return true;
  return false;
}

int best_index(const CompiledResource& r, sqlite3_index_info* info) {
  const Resource& res = *r.decl;
  const int n = info->nConstraint;
  std::vector<char> term(n, 0);        // chosen term per constraint (list plan)
  std::vector<bool> bound(r.columns.size(), false);
  bool all_exact = true, iterated_in = false;
  int in_placeholder = -1;             // constraint: the first IN on a list placeholder
  int limit_c = -1, offset_c = -1;
  double rows = std::max(1.0, res.rows_estimate);

  // Equality constraints usable for the single-object endpoint, per column.
  std::vector<int> eq_for(r.columns.size(), -1);

  for (int i = 0; i < n; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.op == SQLITE_INDEX_CONSTRAINT_LIMIT) { if (c.usable) limit_c = i; continue; }
    if (c.op == SQLITE_INDEX_CONSTRAINT_OFFSET) { if (c.usable) offset_c = i; continue; }
    if (!c.usable || c.iColumn < 0) { all_exact = false; continue; }
    const CompiledColumn& col = r.columns[c.iColumn];
    const bool is_in = sqlite3_vtab_in(info, i, -1) != 0;
    // `=` feeds the single-object endpoint; so does IN (one GET per value, SQLite iterates)
    // unless the list endpoint can take the whole IN list in one request.
    if (c.op == SQLITE_INDEX_CONSTRAINT_EQ &&
        (!is_in || col.decl->filter.kind != Filter::Kind::Array))
      eq_for[c.iColumn] = i;
    if (col.placeholder && c.op == SQLITE_INDEX_CONSTRAINT_EQ) {
      if (!bound[c.iColumn]) {
        term[i] = 'p';
        bound[c.iColumn] = true;
        iterated_in |= is_in;
        if (is_in && in_placeholder < 0) in_placeholder = i;
        continue;
      }
    }
    char t = filter_term(col.decl->filter, c.op, is_in);
    // A hidden input column (Keyword) echoes its constraint value: exact by construction.
    if (t == 0 && col.decl->hidden && col.json.empty() && c.op == SQLITE_INDEX_CONSTRAINT_EQ) t = 'e';
    if (t == 0) { all_exact = false; continue; }
    term[i] = t;
    if (!exact(t)) all_exact = false;
    rows /= (t == 'a' || t == 'e' || t == 'b') ? 10.0 : (t == 'A' ? 5.0 : (t == 'd' ? 20.0 : 3.0));
  }
  rows = std::max(rows, 1.0);

  // Single-object plan: every get_path placeholder has `=`, or a get_by column does.
  std::vector<int> get_terms;  // constraint index per get_path placeholder
  if (!r.get_path.empty()) {
    bool ok = true;
    for (int ph : r.get_path.placeholders) {
      int ci = eq_for[ph];
      if (ci < 0 && r.get_path.placeholders.size() == 1)
        for (int alt : r.get_by)
          if (eq_for[alt] >= 0) { ci = eq_for[alt]; break; }
      if (ci < 0) { ok = false; break; }
      get_terms.push_back(ci);
    }
    if (!ok) get_terms.clear();
  }

  // Unbound list placeholders mean fanning out over the parent table.
  bool fan_out = false;
  for (int ph : r.list_path.placeholders)
    if (!bound[ph]) fan_out = true;
  if (fan_out && !res.parent && get_terms.empty()) return SQLITE_CONSTRAINT;
  // An IN on a placeholder becomes one scan over the list's values (P), fanning out as
  // over parent rows: requests pipelined, `parallel` of them in flight, where SQLite
  // would call xFilter once per value and wait for each. Not with a parent fan-out too
  // (that placeholder stays p: SQLite iterates). The cost stays that of one value, as
  // SQLite counted the iterated plan: the plans chosen do not change.
  if (!fan_out && in_placeholder >= 0) term[in_placeholder] = 'P';

  const bool paged = res.paging != Paging::None;
  double pages = paged ? std::ceil(rows / std::max(1, res.page_size)) : 1.0;
  double list_requests = std::max(1.0, pages) * (fan_out ? parent_rows(r) : 1.0);

  Plan plan;
  int argv = 0;
  if (!get_terms.empty()) {
    // One GET per (placeholder value): SQLite re-checks everything else.
    for (size_t k = 0; k < get_terms.size(); ++k) {
      int ci = get_terms[k];
      info->aConstraintUsage[ci].argvIndex = ++argv;
      plan.terms.push_back({'g', info->aConstraint[ci].iColumn});
    }
    info->estimatedCost = kRequestCost + 1;
    info->estimatedRows = 1;
    if (r.get_path.placeholders.size() == 1 && !r.key.empty() &&
        (info->aConstraint[get_terms[0]].iColumn == r.key[0]))
      info->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
  } else {
    for (int i = 0; i < n; ++i) {
      if (!term[i]) continue;
      info->aConstraintUsage[i].argvIndex = ++argv;
      info->aConstraintUsage[i].omit = exact(term[i]);
      if (term[i] == 'A' || term[i] == 'P') sqlite3_vtab_in(info, i, 1);
      plan.terms.push_back({term[i], info->aConstraint[i].iColumn});
    }
    // ORDER BY one timestamp column the API sorts by (ISO text sorts like time; other
    // columns' API order — nulls, display order of statuses — need not match SQL's).
    bool ordered = info->nOrderBy == 0;
    if (info->nOrderBy == 1 && !fan_out && !iterated_in && paged) {
      const auto& ob = info->aOrderBy[0];
      const Column* c = ob.iColumn >= 0 ? r.columns[ob.iColumn].decl : nullptr;
      bool by_sort = c && c->sort && c->type == Type::Timestamp && res.paging == Paging::OffsetCount;
      bool by_id = c && res.paging == Paging::MinMaxId && ob.iColumn == r.id_column;
      if (by_sort || by_id) {
        plan.sort_column = ob.iColumn;
        plan.descending = ob.desc;
        info->orderByConsumed = 1;
        ordered = true;
      }
    }
    // LIMIT/OFFSET only when the API's answer is exactly the SQL answer before them.
    if (all_exact && ordered && !fan_out && !iterated_in && paged) {
      if (limit_c >= 0) {
        info->aConstraintUsage[limit_c].argvIndex = ++argv;
        plan.terms.push_back({'L', -1});
        sqlite3_value* v = nullptr;
        if (sqlite3_vtab_rhs_value(info, limit_c, &v) == SQLITE_OK && v)
          rows = std::min(rows, std::max(1.0, sqlite3_value_double(v)));
      }
      if (offset_c >= 0 && res.paging == Paging::OffsetCount) {
        info->aConstraintUsage[offset_c].argvIndex = ++argv;
        info->aConstraintUsage[offset_c].omit = 1;
        plan.terms.push_back({'O', -1});
      }
      pages = paged ? std::ceil(rows / std::max(1, res.page_size)) : 1.0;
      list_requests = std::max(1.0, pages);
    }
    info->estimatedCost = list_requests * kRequestCost + rows;
    info->estimatedRows = static_cast<sqlite3_int64>(rows * (fan_out ? parent_rows(r) : 1.0));
  }
  plan.columns_used = info->colUsed;
  info->idxNum = (plan.sort_column >= 0 ? 1 : 0) | (plan.descending ? 2 : 0);
  info->idxStr = sqlite3_mprintf("%s", plan.encode().c_str());
  info->needToFreeIdxStr = 1;
  return SQLITE_OK;
}

}  // namespace backlog::vtab
