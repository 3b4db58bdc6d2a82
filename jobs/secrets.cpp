// Destination passwords in config.toml (see secrets.h).
#include "jobs/secrets.h"

#include <algorithm>

#include "sinks/sink_uri.h"

namespace backlog::jobs {

std::string destination_secret_key(const std::string& job, size_t index) {
  return "job." + job + ".dest." + std::to_string(index);
}

std::vector<std::string> take_destination_passwords(api::Profiles& profiles, const std::string& job,
                                                    const std::vector<std::string>& uris, size_t previous) {
  std::vector<std::string> stored;
  std::vector<std::string> passwords;
  for (const std::string& uri : uris) {
    std::string error;
    auto split = sinks::split_password(uri, &error);
    if (!split) throw CatalogError(error);
    stored.push_back(std::move(split->uri));
    passwords.push_back(std::move(split->password));
  }
  forget_destination_passwords(profiles, job, std::max(previous, uris.size()));
  for (size_t i = 0; i < passwords.size(); ++i)
    if (!passwords[i].empty()) profiles.put_secret(destination_secret_key(job, i + 1), passwords[i]);
  return stored;
}

void forget_destination_passwords(api::Profiles& profiles, const std::string& job, size_t count) {
  for (size_t i = 1; i <= count; ++i) profiles.remove_secret(destination_secret_key(job, i));
}

std::vector<std::string> destinations_with_passwords(const api::Profiles& profiles, const JobSpec& job) {
  std::vector<std::string> out;
  for (size_t i = 0; i < job.destinations.size(); ++i) {
    const std::string* password = profiles.find_secret(destination_secret_key(job.name, i + 1));
    out.push_back(password ? sinks::join_password(job.destinations[i], *password) : job.destinations[i]);
  }
  return out;
}

}  // namespace backlog::jobs
