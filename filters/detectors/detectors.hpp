// Detectors for structured personal data and links (DESIGN.md §3). Each finds byte spans in the
// original comment text; the pipeline turns spans into matches with the configured category.
//
// Error policy: pure functions of their input; never fail, never throw on hostile text.
#pragma once

#include <re2/re2.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "filters/normaliser.hpp"

namespace hm::filters::detectors {

struct Found {
  std::size_t start, end;  // original byte offsets
};

// UK phone numbers in every common format (+44, 0044, (0), spaces, dashes, brackets, digits split
// by spaces or zero-width characters), validated by libphonenumber as possible GB numbers.
// Freephone and shared-cost numbers are organisations' lines, not personal data.
// The letter O typed for zero and l or I for one inside a run of digits ("077OO 9OO 345") are read
// as digits.
void phone_numbers(std::string_view original, std::vector<Found>& out);
// True when a look-alike letter touches a digit: the cheap gate before phone_numbers() for a
// comment with too few real digits to hold a number.
bool may_hide_digits(std::string_view original);
// "seven seven zero zero nine ..." or "oh seven seven double oh, nine hundred ..." in words.
void spelled_phone_numbers(const Normalised& n, std::vector<Found>& out);

// E-mail addresses, plain or obfuscated ("name (at) example (dot) co (dot) uk"). Addresses at the
// school's own domains, at any .sch.uk domain, or role accounts (office@, admin@...) are not
// personal data.
void email_addresses(std::string_view original, const Normalised& n, bool obfuscation_cue,
                     const std::vector<std::string>& own_domains, std::vector<Found>& out);

// Full UK postcodes, written in capitals as addresses are ("LS6 2QT", "B15 3TA").
void postcodes(std::string_view original, std::vector<Found>& out);
// House number + street name + street type ("14 Elmfield Road", "3 Mill Lane", "27 Clarence St").
void street_addresses(std::string_view original, std::vector<Found>& out);
// The street types, as a regex alternation: the detector and the rule book's cheap trigger for it
// (filters/rule_book_routing.cpp) must agree, so both are spelled from this one literal.
#define HM_STREET_TYPES                                                                    \
  "road|rd|street|st|avenue|ave|lane|ln|close|drive|crescent|grove|gardens|place|terrace|" \
  "court|mews|walk|row|square|rise|hill|parade|way"

// Links whose host is (a subdomain of) one of `domains`, ignoring the school's own domains and
// any .sch.uk host.
void links_to(const Normalised& n, const std::set<std::string>& domains,
              const std::vector<std::string>& own_domains, std::vector<Found>& out);

// What makes a link to an unknown site spam (rules.toml [detectors.url]).
struct LinkPolicy {
  // Domains that are never unknown: well-known safe sites, and the shortener and deny lists,
  // which have rules of their own.
  std::vector<const std::set<std::string>*> known;
  const RE2* promo = nullptr;  // promotional words anywhere in the comment; null: none
  int link_only_words = -1;    // a comment with at most this many other words is a link drop
};

// Links to hosts that are not the school's own, not .sch.uk and not in `policy.known`, when the
// comment is a link drop (few other words) or holds promotional words.
void promoted_links(std::string_view original, const Normalised& n, const LinkPolicy& policy,
                    const std::vector<std::string>& own_domains, std::vector<Found>& out);

// True when `host` is `domain` or a subdomain of it.
bool host_within(std::string_view host, std::string_view domain);

}  // namespace hm::filters::detectors
