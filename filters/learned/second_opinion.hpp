// Folding the learned model's opinion into the rules' verdict.
//
// The rules stay the judge: the model adds spam only where its opinion reaches the flag band
// and the rules found neither spam nor an advert; its match covers the whole comment, names the
// model (rule "model.spam", so a moderator and the rule statistics can tell it from a rule) and
// says which features weighed most. A review-band opinion on a comment the rules found clean
// adds a match of its own ("model.spam.review"): the daemon records it under a policy that acts
// on nothing (moderation/look_only.hpp), so the comment waits in the queue as "flagged but still
// visible" for a person to hide it or leave it up, and that decision becomes a label.
//
// Error policy: pure; nothing fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "filters/learned/model_rules.hpp"
#include "filters/learned/spam_model.hpp"
#include "filters/pipeline.hpp"
#include "filters/verdict.hpp"

namespace hm::filters::learned {

// The console's words for the model's two rules; empty for any other rule.
std::string_view describe_model_rule(std::string_view rule);

// The sites whose links the model reads as trusted (text_features.hpp): the school's (or every
// school's) own domains and the link rule's safe sites. One list for the daemon, classify,
// learn and backtest, so a model is trained and judged with the same links trusted.
std::vector<std::string> trusted_domains(const Pipeline& pipeline,
                                         const std::vector<std::string>& own_domains);

// "the learned model: 0.93 (check out, subscribe, my channel)"; `model` names the concern
// model in its own matches ("the learned concern model: 0.99 (been, lads, him)").
std::string explain(const Opinion& opinion, std::string_view model = "the learned model");

// Adds the model's spam match to `verdict` when its opinion is in the flag band; returns
// whether it did.
bool add_second_opinion(Verdict& verdict, const Opinion& opinion, std::size_t text_size);

// Adds the model's review match (spam) when its opinion is in the review band and
// the rules found nothing at all; returns whether it did. The verdict then asks for a look
// only: the caller must record it under a policy that hides nothing.
bool add_review_opinion(Verdict& verdict, const Opinion& opinion, std::size_t text_size);

}  // namespace hm::filters::learned
