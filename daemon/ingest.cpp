#include "daemon/ingest.hpp"

#include "moderation/look_only.hpp"

namespace hm::daemon {

IngestOutcome ingest_poll(store::Store& store, const SchoolClassifier& classifier,
                          std::string_view channel_id,
                          std::span<const moderation::Comment> comments,
                          std::string_view next_cursor, moderation::Time now) {
  IngestOutcome out;
  auto tx = store.begin_write();
  const std::vector<store::IngestResult> ingested = store.ingest(comments, now);
  for (std::size_t i = 0; i < ingested.size(); ++i) {
    if (!ingested[i].needs_classification) continue;  // seen before, unchanged
    const moderation::Comment& comment = comments[i];
    const SchoolClassifier::Judged judged =
        classifier.judge_comment(comment.text, comment.channel_id);
    const moderation::Verdict& verdict = judged.verdict;
    const moderation::SchoolPolicy& policy = classifier.policy(comment.channel_id);
    const store::RecordedVerdict recorded =
        judge_version(store, ingested[i].version_id, verdict,
                      judged.look_only ? moderation::look_only(policy) : policy, now);
    // The model's opinion is kept when it had one worth a look, applied (active) or not
    // (shadow): the console compares it with what moderators decided.
    if (judged.opinion && judged.opinion->band != filters::learned::Band::none)
      store.record_model_opinion(ingested[i].version_id, judged.opinion->probability,
                                 filters::learned::to_string(judged.opinion->band), judged.applied);
    ++out.fresh;
    out.flagged += !verdict.clean();
    out.categories.push_back(verdict.categories);
    out.actions_created = out.actions_created || !recorded.action_ids.empty();
    out.alert_queued = out.alert_queued || recorded.alert_queued;
  }
  store.set_cursor(channel_id, next_cursor, now);
  tx.commit();
  return out;
}

}  // namespace hm::daemon
