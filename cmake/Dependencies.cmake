# Imported targets for the Debian 12 packages listed in DESIGN.md §10.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(tomlplusplus 3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(doctest REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
# Argon2id password hashing and random tokens for console accounts.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# QR codes for setting up a second factor: the console shows the otpauth:// URI as one.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)

# libphonenumber: headers come from the private prefix scripts/install-deps unpacks (the -dev
# package conflicts with Boost 1.81), the library from Debian's libphonenumber8.
set(HM_DEPS_PREFIX "${CMAKE_SOURCE_DIR}/.deps/usr" CACHE PATH "Private prefix for libphonenumber headers")
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h
          HINTS "${HM_DEPS_PREFIX}/include" REQUIRED)
find_library(PHONENUMBER_LIBRARY NAMES libphonenumber.so.8 phonenumber REQUIRED)
find_package(Protobuf REQUIRED)
add_library(hm_phonenumber INTERFACE)
target_include_directories(hm_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(hm_phonenumber INTERFACE ${PHONENUMBER_LIBRARY} protobuf::libprotobuf)
