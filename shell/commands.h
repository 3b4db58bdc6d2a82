// The subcommands of backlogsql other than running SQL (see options.h). Each prints its
// result on stdout, problems on stderr, and returns the exit code.
#pragma once

#include <string>

#include "shell/options.h"

namespace backlog::shell {

// profile add NAME … / profile list / profile remove NAME (commands_profile.cpp).
int run_profile_command(const Options& o);

// test-connection: one line per target (commands_test_connection.cpp).
int run_test_connection(const Options& o);

// auth login --profile NAME (auth_login.cpp).
int run_auth_login(const Options& o);

// job add|list|show|edit|remove|run|history (commands_job.cpp).
int run_job_command(const Options& o);

// scheduler (commands_scheduler.cpp).
int run_scheduler_command(const Options& o);

// The folder of the jobs catalog (jobs.db) that `job` and `scheduler` use: --home, else
// jobs::default_home() ($XDG_DATA_HOME/backlogsql or ~/.local/share/backlogsql).
std::string jobs_home(const Options& o);

}  // namespace backlog::shell
