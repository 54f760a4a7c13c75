// A value or the reason there is none: the return type for expected failures.
// (GCC 12 in C++20 mode has no std::expected; this is the small subset hallmonitor uses.)
//
// Error policy: value() on an error, or error() on a value, is a programming error and throws
// std::logic_error.
#pragma once

#include <stdexcept>
#include <utility>
#include <variant>

namespace hm {

template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected<E> unexpected(E e) {
  return Unexpected<E>{std::move(e)};
}

template <class T, class E>
class Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  const T& value() const {
    if (!has_value()) throw std::logic_error("Expected::value() called on an error");
    return std::get<0>(v_);
  }
  const E& error() const {
    if (has_value()) throw std::logic_error("Expected::error() called on a value");
    return std::get<1>(v_);
  }
  T value_or(T fallback) const { return has_value() ? std::get<0>(v_) : std::move(fallback); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> v_;
};

// Success with no value, or the reason for failure.
template <class E>
class Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> e) : error_(std::move(e.error)), failed_(true) {}

  bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return has_value(); }
  const E& error() const {
    if (!failed_) throw std::logic_error("Expected::error() called on a value");
    return error_;
  }

 private:
  E error_{};
  bool failed_ = false;
};

}  // namespace hm
