// Destination passwords of jobs: kept in config.toml's [secrets] table (mode 0600, beside
// the profiles' API keys), never in the catalog, a job file or a log.
//
//   api::Profiles profiles = api::Profiles::load(config_path);
//   job.destinations = jobs::take_destination_passwords(profiles, job.name, uris, 0);
//   profiles.save(config_path);                   // then catalog.add(job)
//   …
//   for (const std::string& uri : jobs::destinations_with_passwords(profiles, job)) open_sink(uri, …);
//
// The secret of the job's Nth destination (1-based) is "job.NAME.dest.N".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/connection.h"
#include "jobs/catalog.h"

namespace backlog::jobs {

std::string destination_secret_key(const std::string& job, size_t index);

// Takes the password out of each URI (sinks::split_password) into `profiles` under the
// job's keys, and forgets the job's other destination secrets (it had `previous`
// destinations before). Returns the URIs to store. Throws CatalogError for a URI with
// more than one password.
std::vector<std::string> take_destination_passwords(api::Profiles& profiles, const std::string& job,
                                                    const std::vector<std::string>& uris, size_t previous);

// Forgets the secrets of a job that had `count` destinations.
void forget_destination_passwords(api::Profiles& profiles, const std::string& job, size_t count);

// The job's destinations as sinks::open_sink needs them: their passwords put back.
std::vector<std::string> destinations_with_passwords(const api::Profiles& profiles, const JobSpec& job);

}  // namespace backlog::jobs
