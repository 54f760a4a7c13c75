// Shared set-up for the accounts tests: a temporary database and an Accounts on its writer.
// Each Argon2id hash or check takes ~70 ms, so tests make few of them.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "store/accounts.hpp"
#include "store_fixture.hpp"

namespace hm::test {

inline constexpr std::string_view kPassword = "correct horse battery staple";
inline constexpr std::string_view kAdmin = "cli:root";

struct AccountsFixture : StoreFixture {
  store::Accounts accounts;

  explicit AccountsFixture(store::AccountPolicy policy = {})
      : accounts(store->connection(), policy) {}

  store::User add(const std::string& name, std::vector<store::Grant> grants = {{}},
                  std::string_view password = kPassword) {
    auto added = accounts.add_user(name, password, grants, kAdmin, kT0);
    REQUIRE_MESSAGE(added.has_value(), added.error());
    return *added;
  }

  store::NewSession login(const std::string& name, std::string_view password = kPassword,
                          Time now = kT0, std::string_view address = "192.0.2.1") {
    auto session = accounts.login(name, password, address, now);
    REQUIRE_MESSAGE(session.has_value(), session.error().message);
    return *session;
  }

  std::vector<std::string> audit_events() {
    std::vector<std::string> out;
    auto s = store->connection().prepare("SELECT event FROM audit_log ORDER BY id");
    while (s.step()) out.push_back(s.text(0));
    return out;
  }
};

inline std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hm::test
