#include "daemon/audit_walk.hpp"

#include <iostream>
#include <memory>

#include "daemon/journal_prefix.hpp"
#include "store/audit_checkpoint.hpp"

namespace hm::daemon {

boost::asio::awaitable<void> walk_audit_chain(WorkerPool& workers, store::Store& store,
                                              std::function<moderation::Time()> clock) {
  std::string key;
  try {
    key = store.audit_checkpoint_key();
  } catch (const std::exception& e) {
    std::cerr << journal_prefix(LogPriority::warning) << "audit chain: " << e.what() << "\n";
    co_return;
  }
  auto check = std::make_shared<store::ChainCheck>();
  const auto database = store.connection().file();
  std::function<void()> walk = [check, database] {
    store::Connection reader(database, store::Connection::Mode::reader);
    *check = store::verify_audit_chain(reader);
  };
  const auto outcome = co_await workers.run(std::move(walk));
  if (outcome.kind != WorkerPool::Outcome::Kind::done) {
    std::cerr << journal_prefix(LogPriority::warning) << "audit chain: not walked at start ("
              << (outcome.kind == WorkerPool::Outcome::Kind::full ? "workers busy" : outcome.error)
              << "); the console still walks from its last checkpoint\n";
    co_return;
  }
  if (!check->ok) {
    std::cerr << journal_prefix(LogPriority::error) << "audit chain: BROKEN: " << check->message
              << "; keep this database as evidence and see docs/security.md\n";
    co_return;
  }
  store::record_audit_checkpoint(store.connection(), key, *check, clock());
  std::cerr << journal_prefix(LogPriority::info) << "audit chain: " << check->rows_checked
            << " rows walked from the genesis, all sound\n";
}

}  // namespace hm::daemon
