#include "daemon/config_learning.hpp"

#include <toml++/toml.h>

#include <algorithm>

namespace hm::config {

Learning read_learning(Reader& r, const toml::table& t) {
  Learning out;
  r.known_keys(t, {"model", "mode", "retrain", "min_decisions", "examples"}, "[learning]");
  if (auto p = r.path(t, "model", false, "")) out.model = *p;
  if (auto m = r.string(t, "mode", false, "")) {
    const auto* mode =
        std::find_if(kAllModelModes.begin(), kAllModelModes.end(),
                     [&](ModelMode candidate) { return to_string(candidate) == *m; });
    if (mode != kAllModelModes.end())
      out.mode = *mode;
    else
      r.problem(t.get("mode"), "[learning] mode must be \"off\", \"shadow\" or \"active\"");
  }
  if (auto d = r.duration(t, "retrain")) out.retrain = *d;
  if (auto n = r.positive_int(t, "min_decisions")) out.min_decisions = *n;
  if (const toml::node* n = t.get("examples")) {
    const toml::array* files = n->as_array();
    if (!files) r.problem(n, "[learning] examples must be a list of file names");
    for (std::size_t i = 0; files && i < files->size(); ++i) {
      const auto name = (*files)[i].value<std::string>();
      if (!name || name->empty()) {
        r.problem(&(*files)[i], "[learning] examples must be a list of file names");
        continue;
      }
      const std::filesystem::path p(*name);
      out.examples.push_back(p.is_absolute() ? p : (r.dir() / p).lexically_normal());
    }
  }
  if (out.retrain.count() > 0 && out.model.empty())
    r.problem(t.get("retrain"),
              "[learning] retrain needs a model file to write ([learning] model)");
  return out;
}

}  // namespace hm::config
