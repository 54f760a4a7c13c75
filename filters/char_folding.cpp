#include "filters/char_folding.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "filters/utf8.hpp"

namespace hm::filters {
namespace {

// Typographic punctuation people type by accident or on phones; folded so "I’ll" = "I'll".
char32_t fold_punctuation(char32_t cp) {
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0xFF07:
      return U'\'';
    case 0x201C:
    case 0x201D:
    case 0x201F:
    case 0x2033:
      return U'"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return U'-';
    default:
      return 0;
  }
}

class IcuFolder {
 public:
  IcuFolder() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    spoof_ = uspoof_open(&status);
    if (U_SUCCESS(status)) uspoof_setChecks(spoof_, USPOOF_CONFUSABLE, &status);
    ok_ = U_SUCCESS(status);
  }
  ~IcuFolder() {
    if (spoof_) uspoof_close(spoof_);
  }

  std::string fold(char32_t cp) const {
    std::string out;
    if (char32_t p = fold_punctuation(cp)) {
      out += char(p);
      return out;
    }
    if (!ok_) {
      utf8::append(out, cp);
      return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_cf_->normalize(icu::UnicodeString(UChar32(cp)), status);
    icu::UnicodeString decomposed = nfd_->normalize(folded, status);
    if (U_FAILURE(status)) {
      utf8::append(out, cp);
      return out;
    }
    for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
      UChar32 c = decomposed.char32At(i);
      if (u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_ENCLOSING_MARK) continue;
      if (c < 0x80) {
        out += char(c);
        continue;
      }
      if (char32_t p = fold_punctuation(char32_t(c))) {
        out += char(p);
        continue;
      }
      out += latin_lookalike(c);
    }
    return out;
  }

 private:
  // The ASCII letters a non-ASCII letter imitates, per Unicode's confusables; itself otherwise.
  std::string latin_lookalike(UChar32 c) const {
    std::string self;
    utf8::append(self, char32_t(c));
    if (!u_isalpha(c)) return self;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString skeleton;
    uspoof_getSkeletonUnicodeString(spoof_, 0, icu::UnicodeString(c), skeleton, &status);
    if (U_FAILURE(status) || skeleton.length() == 0 || skeleton.length() > 2) return self;
    std::string ascii;
    for (int32_t i = 0; i < skeleton.length(); ++i) {
      UChar u = skeleton.charAt(i);
      if (u >= 'A' && u <= 'Z') u = UChar(u - 'A' + 'a');
      if (!(u >= 'a' && u <= 'z') && !(u >= '0' && u <= '9')) return self;
      ascii += char(u);
    }
    return ascii;
  }

  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  USpoofChecker* spoof_ = nullptr;
  bool ok_ = false;
};

const IcuFolder& folder() {
  static const IcuFolder instance;
  return instance;
}

// 256 consecutive code points: their folded forms, packed.
struct Page {
  std::array<std::uint32_t, 257> offsets{};
  std::string data;
};

// Planes 0 and 1 (BMP, emoji, mathematical letters) and the tag characters of plane 14 (flag
// emoji such as England's) are tabled; rarer planes are folded per call.
constexpr std::size_t kPlanes01Pages = 0x20000 / 256;
constexpr char32_t kTagsStart = 0xE0000, kTagsEnd = 0xE1000;
constexpr std::size_t kTabledPages = kPlanes01Pages + (kTagsEnd - kTagsStart) / 256;
std::array<std::once_flag, kTabledPages> page_once;
std::array<std::unique_ptr<Page>, kTabledPages> pages;

const Page& page_for(std::size_t index, char32_t first) {
  std::call_once(page_once[index], [index, first] {
    auto page = std::make_unique<Page>();
    for (std::size_t i = 0; i < 256; ++i) {
      page->offsets[i] = std::uint32_t(page->data.size());
      page->data += folder().fold(first + char32_t(i));
    }
    page->offsets[256] = std::uint32_t(page->data.size());
    pages[index] = std::move(page);
  });
  return *pages[index];
}

}  // namespace

void append_folded(char32_t cp, std::string& out) {
  std::size_t index = kTabledPages;
  if (cp < 0x20000)
    index = cp >> 8;
  else if (cp >= kTagsStart && cp < kTagsEnd)
    index = kPlanes01Pages + ((cp - kTagsStart) >> 8);
  if (index < kTabledPages) {
    const Page& page = page_for(index, cp & ~char32_t(0xFF));
    std::size_t i = cp & 0xFF;
    out.append(page.data, page.offsets[i], page.offsets[i + 1] - page.offsets[i]);
    return;
  }
  // Rare planes (CJK extensions, private use): folded per call.
  out += folder().fold(cp);
}

}  // namespace hm::filters
