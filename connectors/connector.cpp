#include "connectors/connector.hpp"

namespace hm::connectors {

std::string_view to_string(FetchStatus s) noexcept {
  switch (s) {
    case FetchStatus::ok:
      return "ok";
    case FetchStatus::rate_limited:
      return "rate_limited";
    case FetchStatus::token_invalid:
      return "token_invalid";
    case FetchStatus::transient_error:
      return "transient_error";
  }
  return "unknown";
}

std::string_view to_string(ActionOutcome o) noexcept {
  switch (o) {
    case ActionOutcome::done:
      return "done";
    case ActionOutcome::already_gone:
      return "already_gone";
    case ActionOutcome::not_supported:
      return "not_supported";
    case ActionOutcome::retryable_failure:
      return "retryable_failure";
    case ActionOutcome::permanent_failure:
      return "permanent_failure";
    case ActionOutcome::token_invalid:
      return "token_invalid";
  }
  return "unknown";
}

}  // namespace hm::connectors
