// libFuzzer target over the normaliser and Pipeline::classify with the shipped default rules.
// Checks the invariants every caller relies on: no crash, every span inside the original text,
// matches sorted, categories consistent with matches.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DHM_FUZZ=ON -DBUILD_TESTING=OFF
//   ninja -C build-fuzz fuzz_classify && build-fuzz/fuzz/fuzz_classify -max_total_time=600
//   fuzz/seeds
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "filters/normaliser.hpp"
#include "filters/pipeline.hpp"

namespace {

struct Loaded {
  std::shared_ptr<const hm::filters::Pipeline> pipeline;
  std::shared_ptr<const hm::filters::School> school;
};

const Loaded& loaded() {
  static const Loaded l = [] {
    Loaded out;
    out.pipeline = hm::filters::Pipeline::load(HM_RULES_DIR).pipeline;
    hm::filters::SchoolProfile p;
    p.id = "fuzz";
    p.protected_names = {"Oliver Whitmore", "Liam O'Sullivan", "Zo\u00eb Bront\u00eb"};
    p.own_domains = {"oakfieldprimary.sch.uk"};
    out.school = hm::filters::School::load(p).school;
    if (!out.pipeline || !out.school) std::abort();
    return out;
  }();
  return l;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto n = hm::filters::normalise(text);
  for (const auto* form : {&n.folded, n.joined ? &*n.joined : nullptr}) {
    if (!form) continue;
    check(form->from.empty() || form->from.size() == form->text.size());
    for (std::size_t i = 0; i < form->from.size(); ++i)
      check(form->from[i] < form->to[i] && form->to[i] <= size);
  }

  auto v = loaded().pipeline->classify(text, *loaded().school);
  hm::filters::CategorySet seen;
  for (std::size_t i = 0; i < v.matches.size(); ++i) {
    const auto& m = v.matches[i];
    check(m.start < m.end && m.end <= size);
    if (i) check(v.matches[i - 1].start <= m.start);
    seen.insert(m.category);
  }
  check(seen == v.categories);
  return 0;
}
