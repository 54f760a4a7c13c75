#include "cli/connect_support.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <boost/url/parse.hpp>

#include "store/atomic_file.hpp"

namespace hm::cli::connect {

namespace {

std::string base64url(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out + "\"";
}

}  // namespace

std::string random_urlsafe(std::size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return base64url(buf.data(), buf.size());
}

std::string s256_challenge(std::string_view verifier) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return base64url(digest.data(), digest.size());
}

std::string basic_auth(std::string_view id, std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string plain = std::string(id) + ":" + std::string(secret);
  std::string out(sodium_base64_encoded_len(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  sodium_memzero(plain.data(), plain.size());
  return "Basic " + out;
}

PastedCode code_from_paste(std::string_view pasted, std::string_view expected_state) {
  while (!pasted.empty() && std::isspace(static_cast<unsigned char>(pasted.back())))
    pasted.remove_suffix(1);
  while (!pasted.empty() && std::isspace(static_cast<unsigned char>(pasted.front())))
    pasted.remove_prefix(1);
  if (pasted.empty()) return {{}, "nothing was pasted"};
  if (pasted.find("://") == std::string_view::npos && pasted.find('?') == std::string_view::npos)
    return {std::string(pasted), {}};  // the bare code
  auto url = boost::urls::parse_uri_reference(pasted);
  if (!url) return {{}, "that is neither a redirect URL nor a code"};
  std::optional<std::string> code, state, error;
  for (auto p : url->params()) {
    if (p.key == "code") code = p.value;
    if (p.key == "state") state = p.value;
    if (p.key == "error") error = p.value;
  }
  if (error) return {{}, "X answered the authorisation with error \"" + *error + "\""};
  if (!code || code->empty()) return {{}, "the redirect URL has no code parameter"};
  if (!state || *state != expected_state)
    return {{}, "the redirect URL's state does not match this run's (an old or foreign URL?)"};
  return {*code, {}};
}

std::string error_words(unsigned status, std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const auto& e = j["error"];
    std::string msg = e.value("message", std::string{});
    std::string code = e.contains("code") ? e["code"].dump() : "?";
    if (e.contains("error_subcode")) code += "/" + e["error_subcode"].dump();
    return "Meta says (code " + code + "): " + msg;
  }
  if (j.is_object() && j.contains("error") && j["error"].is_string())
    return "the platform says: " + j["error"].get<std::string>() +
           (j.contains("error_description") && j["error_description"].is_string()
                ? " (" + j["error_description"].get<std::string>() + ")"
                : "");
  if (j.is_object() && j.contains("title") && j["title"].is_string())
    return "X says: " + j["title"].get<std::string>() +
           (j.contains("detail") && j["detail"].is_string()
                ? " (" + j["detail"].get<std::string>() + ")"
                : "");
  return "HTTP " + std::to_string(status) + " with no error message";
}

bool PageChoice::can_moderate() const {
  return std::find(tasks.begin(), tasks.end(), "MODERATE") != tasks.end();
}

std::optional<std::vector<PageChoice>> parse_pages(std::string_view body, std::string& error) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    error = "the list of Pages is not in the expected shape";
    return std::nullopt;
  }
  std::vector<PageChoice> out;
  for (const auto& e : j["data"]) {
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) continue;
    PageChoice p;
    p.id = e["id"].get<std::string>();
    p.name = e.value("name", std::string{});
    p.access_token = e.value("access_token", std::string{});
    if (e.contains("tasks") && e["tasks"].is_array())
      for (const auto& t : e["tasks"])
        if (t.is_string()) p.tasks.push_back(t.get<std::string>());
    if (e.contains("instagram_business_account") && e["instagram_business_account"].is_object()) {
      const auto& ig = e["instagram_business_account"];
      p.instagram_id = ig.value("id", std::string{});
      p.instagram_username = ig.value("username", std::string{});
    }
    out.push_back(std::move(p));
  }
  return out;
}

bool write_credentials(const std::filesystem::path& out, const nlohmann::json& content, bool force,
                       std::string& error) {
  return store::write_file_atomically(out, content.dump(2) + "\n", 0600, force, error);
}

std::string channel_lines(const ChannelLines& c) {
  std::string s = "[[school.channel]]\n";
  s += "id = " + toml_string(c.channel_id) + "\n";
  s += "platform = " + toml_string(c.platform) + "\n";
  if (!c.login.empty()) s += "login = " + toml_string(c.login) + "\n";
  s += "account_id = " + toml_string(c.account_id) + "\n";
  s += "credential = " + toml_string(c.credential) + "\n";
  if (!c.api_base.empty()) s += "api_base = " + toml_string(c.api_base) + "\n";
  if (!c.ca_file.empty()) s += "ca_file = " + toml_string(c.ca_file) + "\n";
  return s;
}

}  // namespace hm::cli::connect
