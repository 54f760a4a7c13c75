// Graph's appsecret_proof: hex HMAC-SHA256 of the access token, keyed with the app secret. Once
// an app turns on "Require App Secret", Meta refuses every call without it (code 100, "API calls
// from the server require an appsecret_proof argument"); with an app secret in the channel's
// credentials file, GraphSession adds it to every call, batch requests included.
//
// Error policy: pure computation (libsodium); throws std::runtime_error only if libsodium cannot
// initialise. The proof is not the token, but it
// is derived from it: it is never logged (url_tools redacts it).
#pragma once

#include <string>
#include <string_view>

namespace hm::connectors {

// 64 lower-case hex digits.
std::string appsecret_proof(std::string_view access_token, std::string_view app_secret);

}  // namespace hm::connectors
