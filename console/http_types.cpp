#include "console/http_types.hpp"

namespace hm::console {

HttpResponse make_response(const HttpRequest& request, http::status status,
                           std::string content_type, std::string body) {
  HttpResponse r{status, request.version() ? request.version() : 11};
  r.set(http::field::server, "hallmonitord");
  r.set(http::field::content_type, content_type);
  r.set(http::field::cache_control, "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("X-Frame-Options", "DENY");
  r.set("Content-Security-Policy",
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  r.set("Referrer-Policy", "no-referrer");
  r.body() = std::move(body);
  return r;
}

HttpResponse run_inline(Reply reply) {
  if (auto* now = std::get_if<HttpResponse>(&reply)) return std::move(*now);
  auto& slow = std::get<SlowWork>(reply);
  slow.work();
  return slow.finish();
}

}  // namespace hm::console
