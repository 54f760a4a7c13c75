// The config loader's TOML walker, shared by the files that read parts of the config
// (config.cpp, config_policy.cpp). Internal to daemon/config*.
//
// Error policy: every reader method reports a wrong type or value as a "file:line: message"
// problem and returns nullopt/nullptr; nothing throws, so one pass finds every problem.
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "filters/toml_keys.hpp"

namespace hm::config {

// Walks one TOML document, collecting problems with their lines instead of stopping at the first.
class Reader {
 public:
  Reader(std::filesystem::path file, std::vector<Problem>& problems)
      : file_(std::move(file)), dir_(file_.parent_path()), problems_(problems) {}

  // The config file's folder: relative file names in it are relative to this.
  const std::filesystem::path& dir() const { return dir_; }

  void problem(const toml::node* at, std::string message) {
    int line = at ? int(at->source().begin.line) : 0;
    problems_.push_back({file_.string(), line, std::move(message)});
  }

  // Reports keys the program does not know: a typo must not silently fall back to a default.
  void known_keys(const toml::table& t, std::initializer_list<std::string_view> keys,
                  std::string_view where) {
    for (auto& [node, message] : filters::unknown_keys(t, keys, where)) problem(node, message);
  }

  std::optional<std::string> string(const toml::table& t, std::string_view key, bool required,
                                    std::string_view where) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required)
        problem(&t, "missing required key '" + std::string(key) + "' in " + std::string(where));
      return std::nullopt;
    }
    if (auto s = n->value<std::string>()) return *s;
    problem(n, "'" + std::string(key) + "' must be a string");
    return std::nullopt;
  }

  std::optional<std::filesystem::path> path(const toml::table& t, std::string_view key,
                                            bool required, std::string_view where) {
    auto s = string(t, key, required, where);
    if (!s) return std::nullopt;
    if (s->empty()) {
      problem(t.get(key), "'" + std::string(key) + "' must not be empty");
      return std::nullopt;
    }
    std::filesystem::path p(*s);
    return p.is_absolute() ? p : (dir_ / p).lexically_normal();
  }

  std::optional<std::chrono::seconds> duration(const toml::table& t, std::string_view key) {
    auto s = string(t, key, false, "");
    if (!s) return std::nullopt;
    auto d = parse_duration(*s);
    if (!d)
      problem(t.get(key),
              "'" + std::string(key) + "' must be a duration like \"60s\", \"5m\" or \"1h\"");
    return d;
  }

  std::optional<int> positive_int(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    auto v = n->value<int64_t>();
    if (!v || *v <= 0 || *v > 100000) {
      problem(n, "'" + std::string(key) + "' must be a whole number from 1 to 100000");
      return std::nullopt;
    }
    return int(*v);
  }

  std::optional<bool> boolean(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto b = n->value<bool>()) return *b;
    problem(n, "'" + std::string(key) + "' must be true or false");
    return std::nullopt;
  }

  const toml::table* table(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (auto* tt = n->as_table()) return tt;
    problem(n, "'" + std::string(key) + "' must be a table");
    return nullptr;
  }

 private:
  std::filesystem::path file_;
  std::filesystem::path dir_;
  std::vector<Problem>& problems_;
};

}  // namespace hm::config
