#include "daemon/private_files.hpp"

#include <sys/stat.h>

#include <cstdio>

#include "daemon/credentials.hpp"

namespace hm::daemon {

std::string readable_by_others(const std::filesystem::path& file, std::string_view what) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  if ((st.st_mode & (S_IRGRP | S_IROTH)) == 0) return {};
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
  return std::string(what) + " " + file.string() + " is readable by " +
         ((st.st_mode & S_IROTH) ? "every user" : "its group") + " (mode " + mode +
         "); make it private: chmod 600 '" + file.string() + "'";
}

std::vector<std::string> readable_secret_warnings(const config::Config& cfg) {
  std::vector<std::string> out;
  const auto add = [&out](const std::filesystem::path& file, std::string_view what) {
    if (auto w = readable_by_others(file, what); !w.empty()) out.push_back(std::move(w));
  };
  const auto named = [&](const std::string& name, std::string_view what) {
    if (name.empty()) return;
    if (auto found = find_named_credential(cfg, name, 0, what); found.file) add(*found.file, what);
  };
  for (const auto& school : cfg.schools) {
    for (const auto& ch : school.channels)
      if (auto found = find_credential(cfg, ch); found.file)
        add(*found.file, "the credential of channel '" + ch.id + "'");
    named(school.safeguarding.webhook_credential, "the safeguarding webhook credential");
  }
  if (cfg.smtp) named(cfg.smtp->credential, "the SMTP password");
  named(cfg.console.metrics_credential, "the metrics token");
  const auto db = cfg.daemon.state_dir / "hallmonitor.db";
  for (const char* suffix : {"", "-wal", "-shm"}) add(db.string() + suffix, "the database");
  return out;
}

}  // namespace hm::daemon
