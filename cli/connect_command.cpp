// hallmonitorctl connect facebook|instagram|x: turns what a school's IT admin can get in a
// browser (a short-lived Meta user token, or an X authorisation) into a working credentials file
// and the [[school.channel]] lines to add (DESIGN.md §9).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/connect_flows.hpp"
#include "connectors/blocking_https.hpp"

namespace hm::cli {
namespace connect {

std::string api_base(const Options& o) {
  if (!o.api_base.empty()) return o.api_base;
  if (o.platform == "x") return kXDefault;
  if (o.platform == "instagram" && o.login == "instagram") return kInstagramDefault;
  return kGraphDefault;
}

std::optional<connectors::HttpResponse> call(connectors::HttpRequest request, const Options& o) {
  try {
    return connectors::blocking_request(std::move(request), o.ca_file);
  } catch (const std::exception& e) {  // NetworkError (redacted), or an unreadable --ca-file
    std::cerr << "hallmonitorctl: " << e.what() << "\n";
    return std::nullopt;
  }
}

std::optional<nlohmann::json> call_json(connectors::HttpRequest request, const Options& o,
                                        const std::string& doing) {
  auto r = call(std::move(request), o);
  if (!r) return std::nullopt;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (r->status / 100 != 2 || !j.is_object()) {
    std::cerr << "hallmonitorctl: " << doing << " failed: " << error_words(r->status, r->body)
              << "\n";
    return std::nullopt;
  }
  return j;
}

std::optional<std::string> ask(const std::string& question) {
  std::cerr << question << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int finish(const Options& o, const nlohmann::json& credentials, ChannelLines lines,
           const std::string& who) {
  std::string error;
  if (!write_credentials(o.out, credentials, o.force, error)) {
    std::cerr << "hallmonitorctl: " << error << "\n";
    return 2;
  }
  lines.channel_id = o.channel_id.empty() ? o.platform : o.channel_id;
  lines.platform = o.platform;
  lines.credential = o.out.filename().string();
  lines.api_base = o.api_base;
  lines.ca_file = o.ca_file.string();
  std::cout << "Wrote " << o.out.string() << " (mode 0600) for " << who << ".\n"
            << "Put it in the credentials directory ([daemon] credentials_dir, or systemd's "
               "LoadCredential), add these lines under the school in hallmonitor.toml, then run "
               "hallmonitord --check --online:\n\n"
            << channel_lines(lines);
  return 0;
}

}  // namespace connect

void add_connect_command(CLI::App& app, Runner& run) {
  auto o = std::make_shared<connect::Options>();
  auto* cmd = app.add_subcommand(
      "connect", "Make a channel's credentials file from a browser sign-in (Meta or X)");
  cmd->add_option("platform", o->platform, "facebook, instagram or x")
      ->required()
      ->check(CLI::IsMember({"facebook", "instagram", "x"}));
  cmd->add_option("--out", o->out, "the credentials file to write (mode 0600)")->required();
  cmd->add_flag("--force", o->force, "replace --out if it exists");
  cmd->add_option("--channel", o->channel_id, "the channel id for the config lines");
  cmd->add_option("--api-base", o->api_base,
                  "the platform's API base URL (default: the real one; the emulator's for tests)");
  cmd->add_option("--ca-file", o->ca_file, "CA certificate to trust (default: the system's)");
  cmd->add_option("--account", o->account, "pick this Page or account id without asking");
  cmd->add_option("--login", o->login, "instagram: facebook (default) or instagram login")
      ->check(CLI::IsMember({"facebook", "instagram"}));
  cmd->add_option("--app-id", o->app_id, "Meta: the app id (App settings > Basic)");
  cmd->add_option("--app-secret-file", o->app_secret_file,
                  "Meta: a file holding the app secret (default: asked on stdin)");
  cmd->add_option("--user-token-file", o->user_token_file,
                  "Meta: a file holding the short-lived user token (default: asked on stdin)");
  cmd->add_option("--client-id", o->client_id, "X: the app's OAuth 2.0 client id");
  cmd->add_option("--client-secret-file", o->client_secret_file,
                  "X: a file holding the OAuth 2.0 client secret (default: asked on stdin)");
  cmd->add_option("--redirect-uri", o->redirect_uri,
                  "X: the callback URL registered in the app's settings");
  cmd->add_option("--authorize-url", o->authorize_url,
                  "X: the authorise page (default: x.com's, or --api-base's host)");
  cmd->callback([o, &run] {
    run = [o] { return o->platform == "x" ? connect::connect_x(*o) : connect::connect_meta(*o); };
  });
}

}  // namespace hm::cli
