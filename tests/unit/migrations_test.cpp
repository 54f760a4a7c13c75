#include "store/migrations.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

// A table, or a view readers use as one (`comments`, migration 15).
bool table_exists(store::Connection& c, const std::string& name) {
  auto s = c.prepare("SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?");
  s.bind(1, name);
  return s.step();
}

}  // namespace

TEST_CASE("migrations are numbered 1..N without gaps") {
  int expected = 1;
  for (const auto& m : store::migrations()) {
    CHECK(m.version == expected++);
    CHECK_FALSE(m.name.empty());
  }
  CHECK(store::latest_schema_version() == expected - 1);
}

TEST_CASE("a new database is created at the latest schema with every table") {
  TempDir dir("migrations");
  store::Store s(dir.path() / "hallmonitor.db");
  auto& c = s.connection();
  CHECK(store::schema_version(c) == store::latest_schema_version());
  for (const char* table : {"schools", "channels", "poll_cursors", "comments", "comment_rows",
                            "authors", "retention_place", "comment_versions", "verdicts", "actions",
                            "action_transitions", "strikes", "users", "user_roles", "sessions",
                            "api_tokens", "audit_log", "reviews", "item_changes"})
    CHECK_MESSAGE(table_exists(c, table), table);
  // Each migration left an audit row, and the chain holds.
  auto check = s.verify_audit();
  CHECK(check.ok);
  CHECK(check.rows_checked == store::latest_schema_version());
}

TEST_CASE("migrations apply in steps and re-opening applies none") {
  TempDir dir("migrations");
  const auto file = dir.path() / "hallmonitor.db";
  {
    store::Connection c(file, store::Connection::Mode::writer);
    CHECK(store::migrate(c, 1) == 1);
    CHECK(store::schema_version(c) == 1);
    CHECK(store::migrate(c, 1) == 0);
  }
  {
    store::Store s(file);  // migrates the rest
    CHECK(store::schema_version(s.connection()) == store::latest_schema_version());
    CHECK(s.verify_audit().ok);
  }
  store::Store again(file);
  CHECK(again.verify_audit().rows_checked == store::latest_schema_version());
}

TEST_CASE("a database from a newer hallmonitor is refused") {
  TempDir dir("migrations");
  const auto file = dir.path() / "hallmonitor.db";
  { store::Store s(file); }
  {
    store::Connection c(file, store::Connection::Mode::writer);
    c.exec("PRAGMA user_version = 999");
  }
  CHECK_THROWS_WITH_AS(store::Store{file}, doctest::Contains("schema version 999"),
                       store::StoreError);
}

TEST_CASE("a file that is not a database is refused with a message naming it") {
  TempDir dir("corrupt");
  const auto file = dir.path() / "hallmonitor.db";
  std::ofstream(file) << std::string(8192, 'x');
  try {
    store::Store s(file);
    FAIL("opened a corrupt database");
  } catch (const store::CorruptDatabase& e) {
    const std::string message = e.what();
    CHECK(message.find(file.string()) != std::string::npos);
    CHECK(message.find("refusing to start") != std::string::npos);
  }
}

TEST_CASE("a database with a damaged page fails quick_check and is refused") {
  TempDir dir("corrupt");
  const auto file = dir.path() / "hallmonitor.db";
  {
    StoreFixture f;  // fill a database, then copy it closed (WAL checkpointed on close)
    for (int i = 0; i < 200; ++i)
      f.ingest(StoreFixture::comment("c" + std::to_string(i), "a", std::string(300, 'z')));
    f.store.reset();
    std::filesystem::copy_file(f.db, file);
  }
  {
    // Overwrite the middle of the file: b-tree pages of the comment tables.
    std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
    const auto size = std::filesystem::file_size(file);
    for (std::uintmax_t page = 4096 * 3; page + 4096 < size; page += 4096 * 4) {
      stream.seekp(std::streamoff(page));
      stream << std::string(64, '\xff');
    }
  }
  CHECK_THROWS_WITH_AS(store::Store{file}, doctest::Contains(file.string().c_str()),
                       store::CorruptDatabase);
}

TEST_CASE("readers open read-only and refuse a missing database") {
  TempDir dir("reader");
  const auto file = dir.path() / "hallmonitor.db";
  CHECK_THROWS_WITH_AS(store::open_reader(file), doctest::Contains("no database"),
                       store::StoreError);
  store::Store writer(file);
  store::Connection reader = store::open_reader(file);
  CHECK(reader.mode() == store::Connection::Mode::reader);
  CHECK_THROWS_AS(reader.exec("INSERT INTO schools (id, name) VALUES ('a', 'b')"),
                  store::StoreError);
}
