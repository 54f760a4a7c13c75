// hallmonitorctl evidence export: write a comment's or an author's evidence bundle
// (evidence.json + a printable evidence.html) for the police or a platform's report form.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_path.hpp"
#include "store/evidence.hpp"
#include "store/evidence_html.hpp"
#include "store/store.hpp"

namespace hm::cli {
namespace {

struct EvidenceExportOptions {
  std::filesystem::path config;
  std::string comment;
  std::string author;
  std::string platform;
  std::filesystem::path out;
};

// Evidence holds comments, names and staff notes: the files are the caller's only (0600), made
// so before anything is written to them.
bool write_file(const std::filesystem::path& file, const std::string& content) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  std::error_code ec;
  if (fd >= 0) {
    ::close(fd);
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  }
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream << content;
  stream.close();
  if (fd < 0 || ec || !stream) {
    std::cerr << "hallmonitorctl: cannot write " << file.string() << "\n";
    return false;
  }
  return true;
}

int evidence_export(const EvidenceExportOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  store::EvidenceQuery query;
  if (!o.comment.empty()) query.platform_comment_id = o.comment;
  if (!o.author.empty()) query.author_id = o.author;
  if (!o.platform.empty()) {
    const auto platform = moderation::parse_platform(o.platform);
    if (!platform) {
      std::cerr << "hallmonitorctl: --platform: " << platform.error() << "\n";
      return 2;
    }
    query.platform = *platform;
  }
  // Read-only: safe next to a running daemon.
  store::Connection reader = store::open_reader(database_path(*config));
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto bundle = store::collect_evidence(reader, query, now);
  if (bundle["comments"].empty()) {
    std::cerr << "hallmonitorctl: no stored comment matches "
              << (query.platform_comment_id ? "comment " + *query.platform_comment_id
                                            : "author " + *query.author_id)
              << "\n";
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) {
    std::cerr << "hallmonitorctl: cannot create " << o.out.string() << ": " << ec.message() << "\n";
    return 1;
  }
  if (!write_file(o.out / "evidence.json", bundle.dump(2) + "\n")) return 1;
  if (!write_file(o.out / "evidence.html", store::render_evidence_html(bundle))) return 1;
  std::cout << "wrote " << (o.out / "evidence.json").string() << " and "
            << (o.out / "evidence.html").string() << " (" << bundle["comments"].size()
            << " comment(s), " << bundle["audit"].size() << " audit row(s), chain "
            << (bundle["chain"]["verified"].get<bool>() ? "verified" : "BROKEN") << ")\n";
  return bundle["chain"]["verified"].get<bool>() ? 0 : 1;
}

}  // namespace

void add_evidence_command(CLI::App& app, Runner& run) {
  CLI::App* evidence = app.add_subcommand("evidence", "Evidence bundles for reports");
  evidence->require_subcommand(1);
  auto options = std::make_shared<EvidenceExportOptions>();
  CLI::App* cmd = evidence->add_subcommand(
      "export", "Write evidence.json and a printable evidence.html for a comment or an author");
  cmd->add_option("--config", options->config, "hallmonitor config file")->required();
  auto* comment = cmd->add_option("--comment", options->comment, "the platform's comment id");
  auto* author = cmd->add_option("--author", options->author, "the platform's user id");
  comment->excludes(author);
  author->excludes(comment);
  cmd->add_option("--platform", options->platform, "facebook, instagram or x (narrows the match)");
  cmd->add_option("--out", options->out, "folder to write the bundle into")->required();
  cmd->callback([options, &run] {
    if (options->comment.empty() && options->author.empty())
      throw CLI::RequiredError("--comment or --author");
    run = [options] { return evidence_export(*options); };
  });
}

}  // namespace hm::cli
