#include "emulator/field_spec.hpp"

#include <cctype>

namespace hm::emulator {

std::optional<std::string> FieldSel::modifier(const std::string& m) const {
  auto it = modifiers.find(m);
  if (it == modifiers.end()) return std::nullopt;
  return it->second;
}

namespace {

constexpr int kMaxDepth = 8;

class Parser {
 public:
  explicit Parser(std::string text) : s_(std::move(text)) {}

  std::variant<FieldList, std::string> run() {
    FieldList out;
    if (!list(out, 0)) return error_;
    if (pos_ != s_.size()) return fail("Expected end of string");
    return out;
  }

 private:
  bool is_name_char(char c) const {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  }
  std::string fail(const std::string& what) {
    error_ = "Syntax error \"" + what + " instead of \"" +
             (pos_ < s_.size() ? std::string(1, s_[pos_]) : std::string("end of string")) +
             "\".\" at character " + std::to_string(pos_) + ": " + s_;
    return error_;
  }
  bool name(std::string& out) {
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    if (pos_ == start) {
      fail("Expected name");
      return false;
    }
    out = s_.substr(start, pos_ - start);
    return true;
  }
  bool list(FieldList& out, int depth) {
    if (depth > kMaxDepth) {
      fail("Nesting too deep");
      return false;
    }
    for (;;) {
      FieldSel f;
      if (!field(f, depth)) return false;
      out.push_back(std::move(f));
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      return true;
    }
  }
  bool field(FieldSel& f, int depth) {
    if (!name(f.name)) return false;
    for (;;) {
      if (pos_ < s_.size() && s_[pos_] == '.') {
        ++pos_;
        std::string mod;
        if (!name(mod)) return false;
        if (pos_ >= s_.size() || s_[pos_] != '(') {
          fail("Expected \"(\"");
          return false;
        }
        std::size_t close = s_.find(')', pos_);
        if (close == std::string::npos) {
          fail("Expected \")\"");
          return false;
        }
        f.modifiers[mod] = s_.substr(pos_ + 1, close - pos_ - 1);
        pos_ = close + 1;
      } else if (pos_ < s_.size() && s_[pos_] == '{' && !f.children) {
        ++pos_;
        FieldList kids;
        if (!list(kids, depth + 1)) return false;
        if (pos_ >= s_.size() || s_[pos_] != '}') {
          fail("Expected \"}\"");
          return false;
        }
        ++pos_;
        f.children = std::move(kids);
      } else {
        return true;
      }
    }
  }

  std::string s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::variant<FieldList, std::string> parse_fields(const std::string& text) {
  std::string compact;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) compact.push_back(c);
  return Parser(compact).run();
}

std::string to_string(const FieldList& fields) {
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out.push_back(',');
    out += f.name;
    for (const auto& [k, v] : f.modifiers) out += "." + k + "(" + v + ")";
    if (f.children) out += "{" + to_string(*f.children) + "}";
  }
  return out;
}

}  // namespace hm::emulator
