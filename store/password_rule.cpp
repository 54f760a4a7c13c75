#include "store/password_rule.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "filters/utf8.hpp"

namespace hm::store {

namespace {

// The top of the common-password lists (SecLists, NCSC's 100k list) once digits and symbols
// are taken off: what an attacker tries first. Lower case, letters only.
constexpr std::array<std::string_view, 40> kCommon = {
    "password",    "passw",         "qwerty",    "qwertyuiop", "letmein", "welcome",  "iloveyou",
    "admin",       "administrator", "football",  "monkey",     "dragon",  "sunshine", "princess",
    "baseball",    "trustno",       "changeme",  "abc",        "master",  "superman", "shadow",
    "michael",     "charlie",       "liverpool", "chelsea",    "arsenal", "login",    "starwars",
    "hello",       "freedom",       "whatever",  "secret",     "school",  "teacher",  "student",
    "hallmonitor", "qazwsx",        "asdfgh",    "zxcvbn",     "test"};

std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length)
    out.push_back(filters::utf8::decode(text, pos, length));
  return out;
}

char32_t fold(char32_t c) {
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

// Characters that are neither the one before nor one step from it.
std::size_t varied_length(const std::vector<char32_t>& cps) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = fold(cps[i]);
    const char32_t prev = i == 0 ? 0 : fold(cps[i - 1]);
    if (i == 0 || (c != prev && c != prev + 1 && c + 1 != prev)) ++n;
  }
  return n;
}

bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The ASCII letters of the password, lower case, with the usual stand-ins between two letters
// read as letters: "P@ssw0rd123!" → "password", "password1" → "password".
std::string letters(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (ascii_letter(c)) {
      out += char(c | 0x20);
      continue;
    }
    const bool inside =
        i > 0 && i + 1 < p.size() && ascii_letter(p[i - 1]) && ascii_letter(p[i + 1]);
    const std::string_view from = "@4$50317", to = "aassoeit";
    if (const auto at = from.find(c); inside && at != std::string_view::npos) out += to[at];
  }
  return out;
}

// `text` is `word` written once or more ("passwordpassword").
bool repeats(std::string_view text, std::string_view word) {
  if (word.empty() || text.empty() || text.size() % word.size() != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += word.size())
    if (text.substr(i, word.size()) != word) return false;
  return true;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(fold(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view user_name,
                                            std::size_t min_length) {
  constexpr std::string_view kAdvice =
      ": use a passphrase of three or four unrelated words, e.g. \"kettle orbit parsnip "
      "lantern\" (not this one)";
  const auto cps = code_points(password);
  if (cps.size() < min_length)
    return "a password needs at least " + std::to_string(min_length) + " characters" +
           std::string(kAdvice);
  if (password.size() > 1024) return std::string("a password may be at most 1024 bytes long");
  std::set<char32_t> distinct;
  for (char32_t c : cps) distinct.insert(fold(c));
  if (distinct.size() < 5)
    return "this password uses too few different characters" + std::string(kAdvice);
  if (varied_length(cps) < min_length / 2)
    return "this password is mostly repeated or sequential characters (like aaaa or 1234)" +
           std::string(kAdvice);
  if (user_name.size() >= 3 && lower(password).find(lower(user_name)) != std::string::npos)
    return "a password must not contain the user name" + std::string(kAdvice);
  const std::string word = letters(password);
  const bool common =
      std::any_of(kCommon.begin(), kCommon.end(), [&](auto c) { return repeats(word, c); });
  if (common)
    return "this is one of the most common passwords, tried first by attackers" +
           std::string(kAdvice);
  return std::nullopt;
}

}  // namespace hm::store
