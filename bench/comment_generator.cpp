#include "bench/comment_generator.hpp"

#include <array>
#include <random>

namespace hm::bench {
namespace {

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  template <std::size_t N>
  const char* pick(const std::array<const char*, N>& a) {
    return a[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng_)];
  }
  int number(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  std::string clean() {
    static constexpr std::array<const char*, 16> openers = {
        "Well done",       "Thank you",          "Huge thanks",           "Congratulations",
        "So proud of",     "Lovely to see",      "Brilliant effort from", "Amazing work by",
        "Great photos of", "Best wishes to",     "Good luck to",          "Shout out to",
        "What a day for",  "Fantastic news for", "Love this from",        "Such a treat to see"};
    static constexpr std::array<const char*, 16> subjects = {
        "Year 6",           "the choir",         "Reception",  "the football team",
        "Mrs Khan's class", "the PTA",           "Year 3",     "everyone at sports day",
        "the staff",        "the netball girls", "Mr O'Brien", "the school council",
        "Class 4",          "the drama club",    "Year 10",    "the eco team"};
    static constexpr std::array<const char*, 12> endings = {"!",
                                                            " today!",
                                                            " this week 👏",
                                                            " 😍",
                                                            " – so proud!",
                                                            ". Well done all.",
                                                            " at the concert 🎶",
                                                            " in the assembly",
                                                            "! 💙💛",
                                                            " 🏆",
                                                            " on the trip 🚌",
                                                            "."};
    static constexpr std::array<const char*, 16> questions = {
        "Is the uniform shop open on Saturday?",
        "What time does the Christmas fair start?",
        "Do they need a packed lunch for the trip?",
        "Is breakfast club running on the strike day?",
        "Where can I find the term dates?",
        "Has anyone found a blue water bottle?",
        "Will parents' evening be online this year?",
        "Is the trip £12.50 or £15?",
        "Can we still pay on ParentPay after Friday?",
        "Which room is the options evening in?",
        "Are second-hand jumpers still £2 from the PTA?",
        "Does Year 2 need PE kit on Monday?",
        "Is there a deadline for the transition forms?",
        "Is the coach leaving at 8:45 or 9:00?",
        "Do we need to send cocktail sticks for the Tudor tasting?",
        "Is the Scunthorpe match still on?"};
    if (chance(0.4)) return pick(questions);
    std::string s = std::string(pick(openers)) + " " + pick(subjects) + pick(endings);
    if (chance(0.3)) s += " My daughter loved every minute of the assessment week, thank you!";
    return s;
  }

  std::string evade(std::string word) {
    switch (number(0, 6)) {
      case 0:  // leetspeak
        for (char& c : word)
          c = c == 'i' ? '1' : c == 'o' ? '0' : c == 'a' ? '@' : c == 's' ? '$' : c;
        return word;
      case 1:  // inner mask
        if (word.size() > 2) word[1] = '*';
        return word;
      case 2: {  // stretched
        std::string out;
        for (std::size_t i = 0; i < word.size(); ++i)
          out += i == 1 ? std::string(5, word[i]) : std::string(1, word[i]);
        return out;
      }
      case 3: {  // dotted
        std::string out;
        for (std::size_t i = 0; i < word.size(); ++i)
          out += (i ? "." : "") + std::string(1, word[i]);
        return out;
      }
      case 4: {  // Cyrillic look-alike for a, o or e
        std::string out;
        for (char c : word)
          out += c == 'a'   ? "\u0430"
                 : c == 'o' ? "\u043e"
                 : c == 'e' ? "\u0435"
                            : std::string(1, c);
        return out;
      }
      case 5: {  // zero-width spaces
        std::string out;
        for (std::size_t i = 0; i < word.size(); ++i)
          out += (i ? "\u200b" : "") + std::string(1, word[i]);
        return out;
      }
      default:  // shouting
        for (char& c : word) c = char(std::toupper(static_cast<unsigned char>(c)));
        return word;
    }
  }

  std::string evasive() {
    static constexpr std::array<const char*, 10> words = {
        "fuck", "shit",     "wanker",   "bastard",  "bitch",
        "twat", "bollocks", "dickhead", "arsehole", "prick"};
    static constexpr std::array<const char*, 8> frames = {"%s this school",
                                                          "the head is a %s",
                                                          "what a load of %s",
                                                          "%s off with your rules",
                                                          "absolute %s decision",
                                                          "these teachers are %s",
                                                          "you lot are a bunch of %s",
                                                          "%s ofsted"};
    std::string w = evade(pick(words));
    std::string f = pick(frames);
    auto at = f.find("%s");
    return f.replace(at, 2, w);
  }

  std::string personal() {
    switch (number(0, 3)) {
      case 0:
        return "Text me on 07700 900" + std::to_string(number(100, 999)) + " about the car share";
      case 1:
        return "Email me at parent" + std::to_string(number(1, 99)) +
               "@example.com for the spare kit";
      case 2:
        return "Lost cat near 14 Elmfield Road, Leeds LS6 2QT, please ring +44 7700 900" +
               std::to_string(number(100, 999));
      default:
        return "Well done Oliver Whitmore on the 100m win!";
    }
  }

  std::string spam() {
    static constexpr std::array<const char*, 6> s = {
        "Congratulations!! You've been selected for a FREE £500 gift card, claim here "
        "bit.ly/x3Gift",
        "I earn £3,500 every week with bitcoin mining, DM me now",
        "Your page violates our Community Standards, verify your page now tinyurl.com/review",
        "f4f? follow back guaranteed 💯 #follow4follow",
        "Hot singles in your area are waiting 💋 cutt.ly/meet",
        "Forex signals 98% accuracy, join t.me/forexking"};
    return pick(s);
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace

GeneratedCorpus generate_comments(std::size_t count, std::uint64_t seed) {
  Generator g(seed);
  GeneratedCorpus c;
  c.comments.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    int roll = g.number(0, 999);
    std::string s;
    if (roll < 50)
      s = g.evasive(), ++c.evasive;
    else if (roll < 70)
      s = g.personal(), ++c.personal;
    else if (roll < 90)
      s = g.spam(), ++c.spam;
    else
      s = g.clean();
    c.bytes += s.size();
    c.comments.push_back(std::move(s));
  }
  return c;
}

}  // namespace hm::bench
