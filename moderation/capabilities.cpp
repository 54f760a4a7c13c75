#include "moderation/capabilities.hpp"

namespace hm::moderation {

Capabilities capabilities(Platform p) noexcept {
  switch (p) {
    case Platform::facebook:
      return {.hide = true, .delete_others_comment = true, .block = true, .reply = true};
    case Platform::instagram:
      // Blocking needs an existing DM conversation (moderate_conversations): not for commenters.
      return {.hide = true, .delete_others_comment = true, .block = false, .reply = true};
    case Platform::x:
      // Delete works only on the account's own posts, blocking is Enterprise-only, and since
      // 2026-02 a self-serve reply is allowed only when the account was "summoned".
      return {.hide = true, .delete_others_comment = false, .block = false, .reply = false};
  }
  return {};
}

bool can_automate(Platform p, ActionKind kind) noexcept {
  Capabilities c = capabilities(p);
  switch (kind) {
    case ActionKind::hide:
    case ActionKind::unhide:
      return c.hide;
    case ActionKind::delete_comment:
      return c.delete_others_comment;
    case ActionKind::block:
      return c.block;
    case ActionKind::reply:
      return c.reply;
    case ActionKind::escalate:
      return false;  // people act on an escalation; hallmonitor sends the alert (DESIGN.md §8)
  }
  return false;
}

std::string manual_instructions(Platform p, ActionKind kind) {
  const std::string app(display_name(p));
  switch (kind) {
    case ActionKind::hide:
      return "Open the comment's permalink in " + app +
             " while signed in as the school's account and choose 'Hide'. Then mark this task "
             "done.";
    case ActionKind::unhide:
      return "Open the comment's permalink in " + app +
             " while signed in as the school's account and choose 'Unhide'. Then mark this task "
             "done.";
    case ActionKind::delete_comment:
      if (p == Platform::x)
        return "X does not let an account delete other people's replies. The reply stays "
               "hidden. Open it, choose 'Report post' and select the reason that fits; if it "
               "is threatening or sexual, keep the evidence export and consider the police. "
               "Then mark this task done.";
      return "Open the comment's permalink in " + app +
             " while signed in as the school's account and choose 'Delete'. Export the "
             "evidence first. Then mark this task done.";
    case ActionKind::block:
      if (p == Platform::instagram)
        return "Instagram's API cannot block a commenter. In the Instagram app, open the "
               "author's profile from the comment, tap '...' then 'Block' (and consider "
               "'Restrict'). Then mark this task done.";
      if (p == Platform::x)
        return "X's API cannot block users on the school's plan. On x.com, open the author's "
               "profile from the reply, choose '...' then 'Block' (or 'Mute'). Then mark this "
               "task done.";
      return "Open the author's profile from the comment in " + app +
             " while acting as the Page and choose 'Block'. Then mark this task done.";
    case ActionKind::reply:
      return "The platform does not allow this reply through its API. Open the comment in " + app +
             " as the school's account, post the suggested reply text below, then mark this "
             "task done.";
    case ActionKind::escalate:
      return "Tell the designated safeguarding lead today, following the school's "
             "safeguarding procedure. Then mark this task done.";
  }
  return "Do this by hand, then mark this task done.";
}

}  // namespace hm::moderation
