/*
** The grammar of backlogsql's two statements of its own, REPLICATE and CHECKCACHE.
** Lemon turns this file into a parser at build time (grammar/CMakeLists.txt); the
** generated C is compiled as C++. Every other statement is SQLite's business and never
** reaches this parser (statement_parser.cpp decides by the first word).
**
** The syntax follows CData Sync's REPLICATE and CHECKCACHE commands, as documented in
** "Custom Querying: REPLICATE Command" (cdn.cdata.com/help/…/sync/Replicate-Command.html):
**
**   REPLICATE DestinationTableName
**     [(ColumnDefinition [, …] [, PRIMARY KEY(ColumnName, …)])]
**     [WITH {OptionName=OptionValue | OptionName} , …]
**     [SelectStatement | TableReference]
**       ColumnDefinition := ColumnName DataType;  OptionValue := Literal | Identifier
**       OptionName := DropTable | TruncateTable | AlterSchema | … (CData Sync's job
**       settings by their names: ReplicateStartDate, ReplicateInterval,
**       ReplicateIntervalUnit, KeyColumns, …; names are not checked here, the engine does)
**
**   CHECKCACHE CachedTableName [AGAINST {TableName | (SelectStatement)}] [WITH REPAIR]
**     [SKIP {MODIFIED | DELETED}] [START datetime] [END datetime]
**
** Differences from CData Sync: the target may be qualified as schema.table; a column may
** also say `PRIMARY KEY` after its type; START/END take literals (a date string, a number
** or a word), not date functions.
**
** The SELECT is not parsed here. When the tokens reach the word SELECT, the driver hands
** the rest of the statement (or of the parentheses it is in) over as ONE token, SELECT,
** whose text is the SELECT as written; SQLite parses it later. Hence a SELECT that starts
** with a WITH clause (a CTE) is not supported: after the target, WITH starts the options.
**
** Token values are indices into the statement's token list (StatementBuilder::tokens());
** non-terminals spanning several tokens are TokenRanges. There are no expressions, hence
** no precedence declarations.
*/
%name ReplicateParser
%token_prefix TK_
%token_type {int}
%extra_argument {backlog::grammar::StatementBuilder* b}
%syntax_error { b->syntax_error(yyminor); }
%stack_overflow { b->stack_overflow(); }
%include {
#include "grammar/statement_builder.h"
using backlog::grammar::TokenRange;
}

/* Token classes. Keywords first; then what the tokenizer produces. OTHER is any token
** the grammar has no use for (`*`, `<`, a stray `;`): it always ends in a syntax error. */
%token REPLICATE CHECKCACHE WITH SELECT PRIMARY KEY AGAINST REPAIR SKIP MODIFIED DELETED START END.
%token ID STRING NUMBER LP RP COMMA DOT EQ PLUS MINUS OTHER.

/* A keyword that the grammar cannot accept where it stands is read as a name instead,
** so tables and columns may be called Start, End, Key, … without quotes. WITH and SELECT
** stay reserved: they decide where the options and the query begin. So does PRIMARY:
** after a column type, a fallback would read `INTEGER PRIMARY KEY` as one long type
** name (a state that can shift a word takes the fallback before its default reduce). */
%fallback ID KEY AGAINST REPAIR SKIP MODIFIED DELETED START END REPLICATE CHECKCACHE.

%token_class literal STRING|NUMBER.

input ::= cmd.

/* Names: bare words, or quoted "…", […], `…` (the builder unquotes them). */
nm(A) ::= ID(A).

/* ---------------------------------------------------------------- REPLICATE */
cmd ::= REPLICATE target column_list_opt options_opt source_opt.

target ::= nm(T).                 { b->set_target(-1, T); }
target ::= nm(S) DOT nm(T).       { b->set_target(S, T); }

/* The optional column list fixes the target's shape. */
column_list_opt ::= .
column_list_opt ::= LP column_defs RP.
column_list_opt ::= LP column_defs COMMA PRIMARY KEY LP key_columns RP RP.

column_defs ::= column_def.
column_defs ::= column_defs COMMA column_def.

column_def ::= nm(N) typetoken(T).              { b->add_column(N, T); }
column_def ::= nm(N) typetoken(T) PRIMARY KEY.  { b->add_column(N, T); b->add_primary_key(N); }

key_columns ::= nm(N).                    { b->add_primary_key(N); }
key_columns ::= key_columns COMMA nm(N).  { b->add_primary_key(N); }

/* A column type as written: INTEGER, VARCHAR(255), DECIMAL(10,2), DOUBLE PRECISION, or
** nothing at all. */
%type typetoken {TokenRange}
typetoken(A) ::= .                                            { A = TokenRange{0, -1}; }
typetoken(A) ::= typename(A).
typetoken(A) ::= typename(X) LP signed RP(Y).                 { A = TokenRange{X.first, Y}; }
typetoken(A) ::= typename(X) LP signed COMMA signed RP(Y).    { A = TokenRange{X.first, Y}; }

%type typename {TokenRange}
typename(A) ::= ID(X).                { A = TokenRange{X, X}; }
typename(A) ::= typename(A) ID(Y).    { A.last = Y; }

signed ::= NUMBER.
signed ::= PLUS NUMBER.
signed ::= MINUS NUMBER.

/* WITH DropTable, ReplicateStartDate='2020-01-01', ReplicateInterval=30 */
options_opt ::= .
options_opt ::= WITH option_list.

option_list ::= option.
option_list ::= option_list COMMA option.

option ::= nm(N).                      { b->add_option(N); }
option ::= nm(N) EQ value(V).          { b->add_option(N, V); }

/* A literal: 'string', number, signed number, or a bare word (true, days, a name). */
%type value {TokenRange}
value(A) ::= literal(X).               { A = TokenRange{X, X}; }
value(A) ::= ID(X).                    { A = TokenRange{X, X}; }
value(A) ::= PLUS(X) NUMBER(Y).        { A = TokenRange{X, Y}; }
value(A) ::= MINUS(X) NUMBER(Y).       { A = TokenRange{X, Y}; }

/* Where the rows come from: a query, a table, or (nothing) the table named like the target. */
source_opt ::= .
source_opt ::= SELECT(S).              { b->set_select(S); }
source_opt ::= nm(T).                  { b->set_source_table(T); }

/* --------------------------------------------------------------- CHECKCACHE */
cmd ::= CHECKCACHE target against_opt repair_opt skip_opt start_opt end_opt.

against_opt ::= .
against_opt ::= AGAINST nm(T).               { b->set_source_table(T); }
against_opt ::= AGAINST LP SELECT(S) RP.     { b->set_select(S); }

repair_opt ::= .
repair_opt ::= WITH REPAIR.                  { b->statement().repair = true; }

skip_opt ::= .
skip_opt ::= SKIP MODIFIED.                  { b->statement().skip_modified = true; }
skip_opt ::= SKIP DELETED.                   { b->statement().skip_deleted = true; }

start_opt ::= .
start_opt ::= START value(V).                { b->set_start(V); }

end_opt ::= .
end_opt ::= END value(V).                    { b->set_end(V); }
