#include "connectors/blocking_https.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>

namespace hm::connectors {

HttpResponse blocking_request(HttpRequest request, const std::filesystem::path& ca_file,
                              std::chrono::seconds timeout) {
  boost::asio::io_context io;
  HttpsClientOptions o;
  o.host = request.url.host();
  o.port = request.url.has_port() ? std::string(request.url.port()) : "443";
  o.ca_file = ca_file;
  o.timeout = timeout;
  o.backoff.max_attempts = request.idempotent ? o.backoff.max_attempts : 1;
  HttpsClient client(io.get_executor(), o);
  std::optional<HttpResponse> answer;
  std::exception_ptr error;
  boost::asio::co_spawn(io, client.request(std::move(request)),
                        [&](std::exception_ptr e, HttpResponse r) {
                          error = e;
                          if (!e) answer = std::move(r);
                        });
  io.run();  // every operation has a deadline, so this ends
  if (error) std::rethrow_exception(error);
  return std::move(*answer);
}

}  // namespace hm::connectors
