// X's edit rules (PLATFORMS.md corrections, December 2026): a post can be edited for 30
// minutes after it was posted, at most 5 times, and a reply to someone else's post cannot be
// edited at all.
#include "emulator/x_rules.hpp"

namespace hm::emulator::x {

std::optional<std::string> edit_refusal(State& st, const Comment& c) {
  std::string replied_to_author;
  if (c.parent_id) {
    if (const Comment* parent = st.comment(*c.parent_id)) replied_to_author = parent->author_id;
  } else if (const Post* root = st.post(c.post_id)) {
    replied_to_author = root->account_id;
  }
  if (replied_to_author != c.author_id)
    return "X does not allow editing a reply to someone else's post";
  if (st.now() > c.created + kEditWindowSeconds)
    return "X allows edits only within 30 minutes of posting";
  const int edits = c.edit_history.empty() ? 0 : static_cast<int>(c.edit_history.size()) - 1;
  if (edits >= kMaxEdits) return "X allows at most 5 edits of a post";
  return std::nullopt;
}

}  // namespace hm::emulator::x
