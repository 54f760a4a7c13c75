// The soak's comments, written for it: harmful ones in the four categories a school must act on
// (abuse, spam or adverts, personal information, safeguarding) and clean everyday ones. Each
// harmful text is flagged by the shipped rules and each clean one is not (the soak checks this
// premise against the daemon's own verdicts, so a rule change that breaks it says so).
//
// Error policy: constant data; nothing fails.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace hm::test::soak {

struct HarmfulText {
  std::string_view
      category;  // what the text is meant as (abuse, spam, personal_data, safeguarding)
  std::string_view text;
};

inline constexpr std::array<HarmfulText, 16> kHarmful = {{
    {"abuse", "the head teacher is a useless fat c*nt"},
    {"abuse", "f*ck this school and everyone in it"},
    {"abuse", "you are all a bunch of stupid tw@ts"},
    {"abuse", "go kill yourself you pathetic loser"},
    {"abuse", "whoever runs this page is a brainless moron and a prick"},
    {"spam", "WIN a FREE iPhone!!! click bit.ly/free-phone-now to claim your prize"},
    {"spam", "Earn £500 a day from home, DM me now or visit cheap-crypto-profits.example/join"},
    {"spam", "Cheap designer handbags 90% off at www.replica-bags.example buy now"},
    {"spam", "Message 09061234567 now for amazing offers, limited time only"},
    {"personal_data",
     "my neighbour Sarah's number is 07700 900345 ring her and tell her what you think"},
    {"personal_data", "email the dinner lady at jane.smith@example.com and give her grief"},
    {"personal_data", "the kid who did it lives at 14 Acacia Avenue, Birmingham B28 9QT"},
    {"safeguarding",
     "hey sweetie how old are you? whats your school? dont tell your mum, add me on snap"},
    {"safeguarding", "you look so mature for your age, send me a pic and keep it our secret x"},
    {"safeguarding",
     "what year are you in? I can buy you robux if you meet me after school, our little secret"},
    {"abuse", "sh1t school, sh1t teachers, sh1t dinners"},
}};

inline constexpr std::array<std::string_view, 12> kClean = {{
    "Lovely photos, well done everyone!",
    "What a brilliant sports day, thank you to all the staff",
    "Is the school closed on Friday for the teacher training day?",
    "My daughter loved the science week activities",
    "Thank you for organising the Christmas fair, it was great fun",
    "Can't wait for the summer concert",
    "Congratulations to the football team on winning the cup",
    "Really proud of Year 4 for their assembly this morning",
    "Where can I find the uniform list for September?",
    "The new library looks amazing",
    "Great to see the children enjoying the trip",
    "Thanks for the reminder about parents evening",
}};

}  // namespace hm::test::soak
