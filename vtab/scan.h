// One scan of a Backlog table: turns a Plan plus its argv values into API requests, pages
// through the answers and hands out rows.
//
// Fan-out: a list path placeholder no constraint fills is read from the parent query
// (IssueComments: every issue's Id); one constrained by an IN list (plan term P) takes
// the list's values instead (`IssueId IN (3, 9, 12)`: three contexts, one scan).
//
// Pipelining: as soon as a page arrives, the request for the next page (or for the next
// parent row or IN value of a fan-out) is queued on the api::Client, so it is on the wire
// while SQLite consumes the current page's rows. By default one request is in flight per
// credential; with a Client of `parallel` N > 1 the scan keeps N requests in flight: N
// pages of an offset list at once, or the first pages of N parent rows (IN values) of a
// fan-out. Rows still come out in the serial order. Memory holds the parsed page plus the
// N being fetched, whatever the size of the table.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <sqlite3.h>

#include <algorithm>
#include <deque>
#include <future>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/client.h"
#include "vtab/compiled_resource.h"
#include "vtab/plan.h"
#include "vtab/serial_worker.h"

namespace backlog::vtab {

// The text of a value ("" for NULL): path placeholders and form fields are text.
std::string value_text(sqlite3_value* v);

// An owned copy of an sqlite3_value (constraint values and parent-row values outlive
// the call that gave them).
struct ValueCopy {
  sqlite3_value* v = nullptr;
  ValueCopy() = default;
  explicit ValueCopy(const sqlite3_value* src) : v(sqlite3_value_dup(src)) {}
  ValueCopy(ValueCopy&& o) noexcept : v(o.v) { o.v = nullptr; }
  ValueCopy& operator=(ValueCopy&& o) noexcept { std::swap(v, o.v); return *this; }
  ~ValueCopy() { sqlite3_value_free(v); }
  std::string text() const { return v ? value_text(v) : std::string(); }
  explicit operator bool() const { return v != nullptr; }
};

class Scan {
 public:
  Scan(const CompiledResource& r, api::Client& client, sqlite3* db);
  ~Scan();

  // Starts the scan: the first request goes out, the first page is read. Throws on errors.
  void start(const Plan& plan, int argc, sqlite3_value** argv);
  bool eof() const { return done_; }
  void next();
  void column(sqlite3_context* ctx, int col);
  sqlite3_int64 rowid() const;
  // Text of column `col` for the current row (path placeholders, writes).
  std::string column_text(int col) const;

 private:
  // Where the requests of one parent row (or of the whole scan) go. The in-flight
  // request may already belong to the next parent while rows of the current one are
  // handed out, so each page keeps the context it was fetched for.
  struct Context {
    std::string path;                                // filled path template
    std::vector<std::pair<int, ValueCopy>> values;   // placeholder column → parent value
  };
  struct Row {
    const rapidjson::Value* item;        // the row object
    const rapidjson::Value* enclosing;   // the list element it was exploded from
    size_t first_cell = 0;               // its cells in Page::cells
  };
  // A column's value in a row, looked up (and JSON text made) on the parsing thread so the
  // SQLite thread only hands it over.
  struct Cell {
    const rapidjson::Value* value = nullptr;
    int32_t text = -1;                   // ≥ 0: offset in Page::texts (objects, arrays)
    uint32_t text_len = 0;
  };
  // Where a page sits in its context's sequence of pages.
  struct PageState {
    long long offset = 0;                // OffsetCount: offset asked for
    std::optional<long long> cursor_id;  // MinMaxId: last id of the pages before
    long long rows_before = 0;           // rows of the scan before this page (LIMIT)
    long long count = 0;                 // `count` asked for
    size_t full_bytes = 0;               // size of the last full page of this context
    bool first() const { return offset == 0 && !cursor_id; }
  };
  // The next page of an offset chain, asked for by the continuation of the answer before
  // it, on the client's worker, the moment that answer arrived (see chain_next()).
  struct NextPage {
    std::future<api::Response> answer;   // valid when asked for
    PageState state;
    std::shared_ptr<NextPage> after;     // where the continuation of `answer` writes
    bool guessed = false;                // asked on the answer's size alone
    // The page whose continuation fills this slot: parsed (read_page() has looked at the
    // slot: `claimed`), or taken by advance(). A held page is asked for into this slot
    // while unclaimed (read_page() then finds it as if the continuation had asked);
    // once claimed it is queued right after that page, which with `ahead` interleaved
    // chains must be taken first (the pages between are queued by then).
    bool claimed = false;
    bool taken = false;
    int ahead = 1;                       // the chain's stride (see chain_next())
  };
  // Lets a scan stop the continuations still queued on the client: they hold `mu` while
  // they run and do nothing once `stopped` is set (the Scan may be gone by then).
  // It also bounds how far the chains run ahead of SQLite: a continuation asks for the
  // next page only while fewer than `limit` chained pages are asked for and not yet taken
  // by advance(); otherwise it holds the page back (in `waiting`), and advance() asks
  // for it as soon as taking a page makes room. A slow consumer (a destination, a terminal)
  // thus keeps memory flat instead of the whole table piling up in answers.
  // The window grows as a file system's readahead does: it doubles (up to max_ahead())
  // each time SQLite has taken as many pages as it allows. A query that stops early (a
  // LIMIT SQLite applies, EXISTS) wastes at most as many pages as it read, while a long
  // scan lets Backlog answer several pages ahead of a busy destination instead of
  // waiting for it after every second page.
  struct ChainGuard {
    std::mutex mu;
    bool stopped = false;
    int untaken = 0;                     // chained pages asked for, not yet taken
    int taken = 0;                       // chained pages taken by advance()
    int limit = 2;
    // Held pages: the context each continues, and the slot with its state (resume_held()
    // takes them in offset order).
    std::deque<std::pair<std::shared_ptr<Context>, std::shared_ptr<NextPage>>> waiting;
  };
  static constexpr int kMaxAhead = 16;   // pages: ~12 MB of answers and DOM for Issues
  int max_ahead() const { return std::max(kMaxAhead, 2 * parallel_); }  // the window's bound
  struct PageRequest {                   // what the parsing thread needs to know
    std::shared_ptr<Context> ctx;
    PageState state;
    std::string memo_key;                // non-empty: copy the raw body for the memo
    std::shared_ptr<NextPage> next;      // filled by this answer's continuation, if any
  };
  // One answer, parsed off the SQLite thread while the previous page's rows are handed
  // out: the network, the parse and the rows overlap. Pages are recycled: the DOM's memory
  // and the vectors keep their capacity, so a long scan does not allocate per page.
  struct Page {
    std::string body;                    // parsed in place: strings point into it
    std::unique_ptr<char[]> dom_memory;  // the DOM's allocator works in here
    size_t dom_capacity = 0;
    std::optional<rapidjson::MemoryPoolAllocator<>> dom_pool;
    std::optional<rapidjson::Document> doc;
    std::vector<Row> rows;
    std::vector<Cell> cells;             // rows × columns, for the columns the query reads
    rapidjson::StringBuffer texts;       // compact JSON of object/array cells, one after another
    const char* texts_data = nullptr;    // texts.GetString(), once written
    size_t elements = 0;                 // list elements (before explode), for paging
    std::string memo_copy;               // the raw answer, when worth remembering
    std::string memo_key;                // … under this request
    // Where this page's continuation writes; set for a page of an offset chain, which
    // ChainGuard::untaken counts until it is taken.
    std::shared_ptr<NextPage> slot;
    PageState state;                     // this page's place
    std::shared_ptr<Context> ctx;        // the context it was fetched for
    // The next page of the same context, already asked for by the parsing thread as soon
    // as this one was read: the network never waits for SQLite to finish a page.
    std::future<api::Response> next_answer;
    PageState next_state;
    std::shared_ptr<NextPage> next_slot;  // the continuation slot of next_answer

    // A fresh, empty DOM in dom_memory, grown to hold what the last parse needed.
    rapidjson::Document& new_doc(size_t body_size);
    void clear();                        // forget the answer, keep the memory
  };
  // Runs on a helper thread: reads one answer, parses it, asks for the following page.
  // Touches only what start() fixed for the whole scan.
  std::unique_ptr<Page> read_page(std::future<api::Response> answer, PageRequest req) const;
  std::unique_ptr<Page> spare_page() const;  // a recycled page, or a new one
  void recycle(std::unique_ptr<Page> page);
  // Parses `answer` on a helper thread. A page that `continues` its context goes right
  // after that context's pages already pending (before later parent rows), others last.
  void launch(std::future<api::Response> answer, PageRequest req, bool continues);
  // The continuation of an offset page's answer: if the answer is (or looks) full, it
  // queues the page `ahead` pages further at once, from the client's worker, into `slot`
  // (ahead = 1 when serial; N when N pages of one list are in flight).
  std::function<void(const api::Response&)> chain_next(std::shared_ptr<Context> ctx, PageState st,
                                                       std::shared_ptr<NextPage> slot, int ahead) const;
  bool chains() const;                   // offset paging this scan can chain

  void reset();
  void set_params(const Plan& plan, int argc, sqlite3_value** argv);
  bool next_context();                   // fan-out: the next parent row or IN value (false: none)
  bool fans_out() const { return parent_ || in_column_ >= 0; }
  void issue();                          // queue the first page(s) of the current context
  void fill_pipeline();                  // fan-out: keep `parallel` parent rows in flight
  void resume_held();                    // asks for held pages while the window has room
  // Asks for slot.state's page into `slot` (the continuation's way); guard.mu held.
  void ask_into_locked(ChainGuard& guard, const std::shared_ptr<Context>& ctx, NextPage& slot) const;
  // Asks for one page of an offset chain (counted in ChainGuard::untaken) and launches it.
  void ask_chained(const std::shared_ptr<Context>& ctx, const PageState& st, int ahead, std::string memo_key,
                   bool continues);
  void advance();                        // wait for the in-flight page and read it
  api::Params page_params(const PageState& state) const;
  PageState first_page_state() const;
  long long count_after(long long rows_before) const;  // `count` for a page: a full one, or what LIMIT leaves
  const rapidjson::Value* cell(int col) const;
  const ValueCopy& input(int col) const;
  bool uses_column(size_t col) const;     // in the plan's colUsed  // constraint or parent value of a column
  const rapidjson::Value* detail(int col);

  const CompiledResource& r_;
  api::Client& client_;
  sqlite3* db_;

  // What the constraints asked for.
  api::Params base_params_;
  std::vector<ValueCopy> bound_;         // per column: `=` value of placeholders/inputs
  bool get_mode_ = false;
  std::optional<long long> limit_;       // LIMIT pushed
  long long offset_start_ = 0;           // OFFSET pushed
  std::optional<long long> min_id_, max_id_;
  uint64_t columns_used_ = ~0ULL;        // colUsed of the plan
  std::string sort_, order_;

  // Fan-out over the parent table.
  sqlite3_stmt* parent_ = nullptr;
  std::vector<int> parent_columns_;      // parent result column → our column index
  bool parent_done_ = false;             // stepped to its end (a further step would rerun it)

  // Fan-out over an IN list (term P): the placeholder column and the list's values,
  // copied in xFilter (SQLite's list is only readable then), NULLs left out as SQLite
  // leaves them out of the per-value xFilter calls.
  int in_column_ = -1;
  std::vector<ValueCopy> in_values_;
  size_t in_next_ = 0;                   // the next value to make a context of

  // Position.
  std::shared_ptr<Context> ctx_;         // context of the next request to issue
  std::shared_ptr<Context> page_ctx_;    // context of the rows being handed out
  long long produced_ = 0;               // rows handed out (LIMIT)
  std::shared_ptr<ChainGuard> guard_;    // of the current start()
  // Pages asked for, in the order their rows are handed out.
  struct Pending {
    std::shared_ptr<Context> ctx;
    std::future<std::unique_ptr<Page>> page;
  };
  std::deque<Pending> pending_;
  const int parallel_;                   // requests in flight the Client allows

  // The current page.
  std::unique_ptr<Page> page_;
  std::vector<Row> rows_;                // the page's rows still to hand out (after LIMIT)
  size_t pos_ = 0;
  sqlite3_int64 row_counter_ = 0;
  bool done_ = true;

  // Answers already read by this cursor, by request. SQLite re-runs the inner table of a
  // join for every outer row; when the same complete answer is asked for again in the
  // same statement (the author of each comment: GET /users/8 fifty times) it is reused
  // instead of asked of Backlog again. Cursor-scoped: the next statement asks afresh.
  std::unordered_map<std::string, std::string> memo_;
  size_t memo_bytes_ = 0;

  // Pages handed out, for read_page() to reuse (at most parallel_ + 1 are kept).
  mutable std::mutex spare_mu_;
  mutable std::vector<std::unique_ptr<Page>> spare_;

  // Per-row detail (columns only in the single-object answer).
  size_t detail_pos_ = static_cast<size_t>(-1);
  std::string detail_body_;
  rapidjson::Document detail_doc_;

  // Parses the pages, in the order asked (last: it stops before what its jobs touch).
  SerialWorker parser_;
};

}  // namespace backlog::vtab
