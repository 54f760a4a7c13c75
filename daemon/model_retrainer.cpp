#include "daemon/model_retrainer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/model_training.hpp"
#include "daemon/retrain_schedule.hpp"
#include "daemon/wakeup.hpp"
#include "store/learning_examples.hpp"

namespace asio = boost::asio;

namespace hm::daemon {
namespace {

// On the trainer thread. A coroutine taking its arguments by value, so its frame owns them.
asio::awaitable<TrainingOutcome> train_on_trainer(std::filesystem::path config_file,
                                                  std::filesystem::path database,
                                                  std::shared_ptr<const SchoolClassifier> live) {
  co_return train_model(config_file, database, std::move(live));
}

}  // namespace

ModelRetrainer::ModelRetrainer(asio::any_io_executor io, asio::thread_pool& trainer,
                               store::Store& store, std::filesystem::path config_file,
                               config::Learning learning, Hooks hooks, LogSink& log)
    : io_(std::move(io)),
      trainer_(trainer),
      store_(store),
      config_file_(std::move(config_file)),
      learning_(std::move(learning)),
      hooks_(std::move(hooks)),
      log_(log) {}

asio::awaitable<void> ModelRetrainer::run() {
  if (learning_.retrain.count() == 0 || learning_.mode == config::ModelMode::off) co_return;
  LogLine(log_, LogPriority::info)
      << "learning: the daemon learns the model again every " << learning_.retrain.count()
      << " s once " << learning_.min_decisions << " moderator decisions exist";
  Wakeup sleep(io_);
  for (;;) {
    co_await check_once();
    co_await sleep.sleep_for(learning_.retrain);
  }
}

asio::awaitable<void> ModelRetrainer::check_once() {
  try {
    const store::LearningTally tally = store::learning_tally(store_.connection());
    const auto live = hooks_.live();
    const auto model = live->model_info();
    const RetrainCheck check = check_retrain(
        tally, model ? std::optional(model->trained_at) : std::nullopt, learning_.min_decisions);
    if (!check.train) {
      if (check.why != last_said_) LogLine(log_, LogPriority::info) << check.why;
      last_said_ = check.why;
      co_return;
    }
    last_said_.clear();
    LogLine(log_, LogPriority::info) << check.why;
    const TrainingOutcome outcome = co_await asio::co_spawn(
        trainer_, train_on_trainer(config_file_, store_.connection().file(), live),
        asio::use_awaitable);
    co_await asio::post(io_, asio::use_awaitable);  // back on the io thread
    LogLine(log_, outcome.written ? LogPriority::info : LogPriority::error) << outcome.message;
    if (outcome.written) hooks_.reload();
  } catch (const std::exception& e) {
    LogLine(log_, LogPriority::error) << "learning: " << e.what();
  }
}

}  // namespace hm::daemon
