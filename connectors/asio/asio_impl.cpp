// Asio, Beast (and their OpenSSL glue) compiled once for the whole project: every other file
// includes the headers with BOOST_ASIO_SEPARATE_COMPILATION / BOOST_BEAST_SEPARATE_COMPILATION
// and links hm_asio, instead of compiling the implementation in each translation unit
// (DESIGN.md §10: builds must stay fast on 2 cores).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
