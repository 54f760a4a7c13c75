// The embedded web console (console/web_assets.hpp): every file under console/web/ is in the
// binary byte for byte with the right content type, and a static lint keeps the console within
// its Content-Security-Policy (default-src 'self': no inline script or style, no handlers in
// attributes, nothing from other origins) and away from markup-parsing DOM APIs, since comment
// text is attacker-controlled.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "console/web_assets.hpp"

namespace fs = std::filesystem;
using hm::console::find_web_asset;
using hm::console::web_assets;

namespace {

const fs::path kWebDir = fs::path(HM_SOURCE_DIR) / "console" / "web";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// URL path ("/app.js") → file contents, for every file the embedding should hold.
std::map<std::string, std::string> web_files() {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(kWebDir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name.starts_with('.') || name.ends_with('~')) continue;
    out["/" + fs::relative(entry.path(), kWebDir).generic_string()] = read_file(entry.path());
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// 1-based line of an offset, for messages.
int line_of(const std::string& text, std::size_t offset) {
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// Every problem the CSP lint finds in one file, as "path:line: message".
std::vector<std::string> lint(const std::string& path, const std::string& body) {
  std::vector<std::string> problems;
  auto problem = [&](std::size_t at, const std::string& what) {
    problems.push_back(path + ":" + std::to_string(line_of(body, at)) + ": " + what);
  };
  const std::string low = lower(body);

  // Nothing from another origin. The SVG namespace is a name, not something fetched.
  static const std::regex url(R"(https?://[^\s"'<>)]*)", std::regex::icase);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), url); it != std::sregex_iterator();
       ++it) {
    const std::string u = it->str();
    // In an .svg file, or in a script that makes SVG elements (document.createElementNS).
    if (u == "http://www.w3.org/2000/svg" && (ends_with(path, ".svg") || ends_with(path, ".js")))
      continue;
    problem(static_cast<std::size_t>(it->position()), "URL to another origin: " + u);
  }

  if (ends_with(path, ".html")) {
    // Every tag: no event-handler attributes, no style attributes.
    static const std::regex tag(R"(<[a-zA-Z][^>]*>)");
    static const std::regex handler(R"([\s"'/]on[a-z]+\s*=)", std::regex::icase);
    static const std::regex style_attr(R"([\s"'/]style\s*=)", std::regex::icase);
    for (auto it = std::sregex_iterator(body.begin(), body.end(), tag);
         it != std::sregex_iterator(); ++it) {
      const std::string t = it->str();
      const auto at = static_cast<std::size_t>(it->position());
      if (std::regex_search(t, handler)) problem(at, "inline event handler attribute: " + t);
      if (std::regex_search(t, style_attr)) problem(at, "style attribute: " + t);
    }
    // Scripts only by src, and empty; no <style> elements.
    static const std::regex script(R"(<script\b([^>]*)>([\s\S]*?)</script\s*>)", std::regex::icase);
    for (auto it = std::sregex_iterator(body.begin(), body.end(), script);
         it != std::sregex_iterator(); ++it) {
      const auto at = static_cast<std::size_t>(it->position());
      static const std::regex src(R"(\ssrc\s*=)", std::regex::icase);
      if (!std::regex_search((*it)[1].str(), src)) problem(at, "<script> without src");
      if ((*it)[2].str().find_first_not_of(" \t\r\n") != std::string::npos)
        problem(at, "inline script content");
    }
    static const std::regex script_open(R"(<script\b)");
    const auto scripts_open =
        std::distance(std::sregex_iterator(low.begin(), low.end(), script_open), {});
    const auto scripts_closed =
        std::distance(std::sregex_iterator(low.begin(), low.end(), script), {});
    if (scripts_open != scripts_closed) problem(0, "a <script> element that is not closed");
    if (auto at = low.find("<style"); at != std::string::npos) problem(at, "<style> element");
    if (auto at = low.find("javascript:"); at != std::string::npos) problem(at, "javascript: URL");
  }

  if (ends_with(path, ".js")) {
    // Markup parsing and code from strings; inline style changes.
    for (const char* banned : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                               "eval(", "new Function", "createContextualFragment", "DOMParser",
                               "srcdoc", "setHTML", ".style.", ".style =", "cssText"}) {
      for (auto at = body.find(banned); at != std::string::npos; at = body.find(banned, at + 1))
        problem(at, std::string("banned in the console's scripts: ") + banned);
    }
    // Timers with code strings.
    static const std::regex timer_string(R"(set(Timeout|Interval)\s*\(\s*['"`])");
    if (std::smatch m; std::regex_search(body, m, timer_string))
      problem(static_cast<std::size_t>(m.position()), "a timer with a code string");
  }

  if (ends_with(path, ".css")) {
    if (auto at = low.find("@import"); at != std::string::npos) problem(at, "@import");
    if (auto at = low.find("expression("); at != std::string::npos) problem(at, "expression()");
  }
  return problems;
}

}  // namespace

TEST_CASE("every file in console/web is embedded byte for byte") {
  const auto files = web_files();
  REQUIRE(files.size() >= 4);
  CHECK(web_assets().size() == files.size());
  for (const auto& [path, content] : files) {
    CAPTURE(path);
    const auto* asset = find_web_asset(path);
    REQUIRE(asset != nullptr);
    CHECK(asset->path == path);
    CHECK(asset->body.size() == content.size());
    CHECK(asset->body == content);
    CHECK(asset->etag.size() > 2);
    CHECK(asset->etag.front() == '"');
    CHECK(asset->etag.back() == '"');
  }
  // Sorted, distinct, and distinct contents have distinct ETags.
  std::set<std::string_view> etags;
  for (std::size_t i = 0; i < web_assets().size(); ++i) {
    if (i > 0) CHECK(web_assets()[i - 1].path < web_assets()[i].path);
    etags.insert(web_assets()[i].etag);
  }
  CHECK(etags.size() == web_assets().size());
}

TEST_CASE("content types follow the extension") {
  for (const auto& asset : web_assets()) {
    CAPTURE(asset.path);
    if (ends_with(asset.path, ".html"))
      CHECK(asset.content_type == "text/html; charset=utf-8");
    else if (ends_with(asset.path, ".js"))
      CHECK(asset.content_type == "text/javascript; charset=utf-8");
    else if (ends_with(asset.path, ".css"))
      CHECK(asset.content_type == "text/css; charset=utf-8");
    else if (ends_with(asset.path, ".svg"))
      CHECK(asset.content_type == "image/svg+xml");
    else if (ends_with(asset.path, ".png"))
      CHECK(asset.content_type == "image/png");
    else if (ends_with(asset.path, ".ico"))
      CHECK(asset.content_type == "image/x-icon");
    else if (ends_with(asset.path, ".json"))
      CHECK(asset.content_type == "application/json");
  }
}

TEST_CASE("/ is index.html; unknown paths are nullptr") {
  const auto* root = find_web_asset("/");
  REQUIRE(root != nullptr);
  CHECK(root == find_web_asset("/index.html"));
  CHECK(root->content_type == "text/html; charset=utf-8");
  for (std::string_view bad :
       {"", "/nope.js", "index.html", "/index.html?x=1", "/../CMakeLists.txt", "//index.html",
        "/INDEX.HTML", "/app.js/", "/%61pp.js", "/api/v1"}) {
    CAPTURE(bad);
    CHECK(find_web_asset(bad) == nullptr);
  }
}

TEST_CASE("the console keeps to its Content-Security-Policy (static lint)") {
  std::vector<std::string> problems;
  for (const auto& asset : web_assets()) {
    auto found = lint(std::string(asset.path), std::string(asset.body));
    problems.insert(problems.end(), found.begin(), found.end());
  }
  for (const auto& p : problems) MESSAGE(p);
  CHECK(problems.empty());
}

TEST_CASE("the lint catches what it is meant to") {
  CHECK_FALSE(lint("/x.html", "<script>alert(1)</script>").empty());
  CHECK_FALSE(lint("/x.html", "<script src=\"/a.js\">alert(1)</script>").empty());
  CHECK_FALSE(lint("/x.html", "<img src=x onerror=\"alert(1)\">").empty());
  CHECK_FALSE(lint("/x.html", "<p style=\"color:red\">x</p>").empty());
  CHECK_FALSE(lint("/x.html", "<style>p{}</style>").empty());
  CHECK_FALSE(lint("/x.html", "<a href=\"javascript:alert(1)\">x</a>").empty());
  CHECK_FALSE(lint("/x.html", "<link rel=stylesheet href=\"https://cdn.example/x.css\">").empty());
  CHECK_FALSE(lint("/x.js", "node.innerHTML = s;").empty());
  CHECK_FALSE(lint("/x.js", "node.insertAdjacentHTML('beforeend', s);").empty());
  CHECK_FALSE(lint("/x.js", "eval(s)").empty());
  CHECK_FALSE(lint("/x.js", "new Function('return 1')").empty());
  CHECK_FALSE(lint("/x.js", "document.write(s)").empty());
  CHECK_FALSE(lint("/x.js", "setTimeout('go()', 1)").empty());
  CHECK_FALSE(lint("/x.js", "node.style.color = 'red'").empty());
  CHECK_FALSE(lint("/x.js", "import x from 'https://cdn.example/x.js'").empty());
  CHECK_FALSE(lint("/x.css", "@import url(\"https://fonts.example/x.css\");").empty());
  CHECK(lint("/x.html", "<button type=\"button\">Sign on</button><script src=\"/a.js\"></script>")
            .empty());
  CHECK(lint("/x.js", "if (url.protocol === 'https:') link();").empty());
}

TEST_CASE("every module import and every page reference resolves to an embedded file") {
  static const std::regex import_from(R"(\bfrom\s+'([^']+)')");
  static const std::regex page_ref(R"re((?:src|href)="(/[^"#?]*)")re");
  for (const auto& asset : web_assets()) {
    const std::string body(asset.body);
    CAPTURE(asset.path);
    if (ends_with(asset.path, ".js")) {
      for (auto it = std::sregex_iterator(body.begin(), body.end(), import_from);
           it != std::sregex_iterator(); ++it) {
        const std::string target = (*it)[1].str();
        CAPTURE(target);
        REQUIRE(target.starts_with("./"));  // same origin, same folder
        CHECK(find_web_asset("/" + target.substr(2)) != nullptr);
      }
    }
    if (ends_with(asset.path, ".html")) {
      for (auto it = std::sregex_iterator(body.begin(), body.end(), page_ref);
           it != std::sregex_iterator(); ++it) {
        CAPTURE((*it)[1].str());
        CHECK(find_web_asset((*it)[1].str()) != nullptr);
      }
    }
  }
}
