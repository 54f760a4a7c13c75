// X's OAuth 2.0 authorisation-code flow with PKCE, as `hallmonitorctl connect x` drives it:
// GET /i/oauth2/authorize (x.com's path) and the authorization_code grant of
// POST /2/oauth2/token. The emulator has no consent page: the account registered with the
// request's client_id stands for the person signed in who clicks "Authorize app", so the
// authorise request is answered at once with a 302 to redirect_uri carrying code and state.
// Codes last 30 s (emulator clock), are single-use, and are exchanged only with the same
// redirect_uri, the client's credentials and a code_verifier whose S256 hash is the challenge.
//
// Error policy: failures are X's OAuth error shapes, never exceptions (except std::bad_alloc).
#pragma once

#include <string>

#include "emulator/emulator_state.hpp"
#include "emulator/http_message.hpp"
#include "emulator/url_codec.hpp"

namespace hm::emulator {

bool is_x_authorize_path(const std::string& path);  // "/i/oauth2/authorize"
Response handle_x_authorize(State& st, const Request& req);

namespace x {
// grant_type=authorization_code at the token endpoint (`form`: the decoded body).
Response exchange_code(State& st, const Request& req, const Params& form);
}  // namespace x

}  // namespace hm::emulator
