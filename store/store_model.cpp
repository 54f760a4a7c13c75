// The learned model's side of the store (issue 16): the opinions it gave, for the console's
// agreement figures and for backtests.
#include "store/store.hpp"

namespace hm::store {

void Store::record_model_opinion(std::int64_t version_id, double probability, std::string_view band,
                                 bool applied) {
  conn_
      .prepare(
          "INSERT INTO model_opinions (version_id, probability, band, applied) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (version_id) DO NOTHING")
      .bind_all(version_id, probability, std::string(band), applied ? 1 : 0)
      .run();
}

}  // namespace hm::store
