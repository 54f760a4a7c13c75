// The daemon's own retraining loop ([learning] retrain, issue 16). At start and then every
// `retrain`, on the io thread, it reads the store's tally of moderator decisions (one COUNT) and
// asks retrain_schedule.hpp whether to learn; if so it runs model_training.hpp on the trainer
// thread (the daemon's reload thread), never the io thread, so polls and hides go on meanwhile;
// then, with a model written, it asks for a reload, which loads the model with the filters.
//
// Error policy: nothing escapes the loop. A failed check or training is logged (error) and
// tried again at the next period; the model file in use stays as it was.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "daemon/config.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/school_classifier.hpp"
#include "store/store.hpp"

namespace hm::daemon {

class ModelRetrainer {
 public:
  struct Hooks {
    std::function<std::shared_ptr<const SchoolClassifier>()> live;  // the snapshot serving now
    std::function<void()> reload;                                   // after a model was written
  };

  ModelRetrainer(boost::asio::any_io_executor io, boost::asio::thread_pool& trainer,
                 store::Store& store, std::filesystem::path config_file, config::Learning learning,
                 Hooks hooks, LogSink& log);

  // Returns at once when [learning] retrain is not set, or the mode is off.
  boost::asio::awaitable<void> run();

 private:
  boost::asio::awaitable<void> check_once();

  boost::asio::any_io_executor io_;
  boost::asio::thread_pool& trainer_;
  store::Store& store_;
  std::filesystem::path config_file_;
  config::Learning learning_;
  Hooks hooks_;
  LogSink& log_;
  std::string last_said_;  // a "not yet" reason is logged once, not every period
};

}  // namespace hm::daemon
